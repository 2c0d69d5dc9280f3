package io.kubernaut.schema.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The value of an option that the command line leaves out, for every option of every command,
 * derived from picocli's model rather than a list: the environment variable {@code MIGRATOR_<NAME>}
 * ({@code --lock-wait} → {@code MIGRATOR_LOCK_WAIT}), then the key {@code <name>} of the
 * {@code --config} file ({@code lock-wait}), then the option's own default. So an option added to
 * any command is configurable by environment and file without further code.
 *
 * <p>The connection's libpq-style fallbacks ({@code DATABASE_URL}, {@code PGHOST}, …) rank below
 * these and are applied by {@link ConnectionOptions}.
 */
final class OptionDefaults implements CommandLine.IDefaultValueProvider {

    /** The prefix of every option's environment variable. */
    static final String PREFIX = "MIGRATOR_";
    /** The option naming the configuration file; it has an environment variable but no key in a file. */
    static final String CONFIG_OPTION = "--config";

    private final Map<String, String> environment;
    private final Map<Path, ConfigFile> files = new HashMap<>();

    OptionDefaults(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Whether {@code option} takes a value from the environment or a file: all but --help, --version
     * and those marked {@link CommandLineOnly}.
     */
    static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp()
                && !(option.userObject() instanceof Field field && field.isAnnotationPresent(CommandLineOnly.class));
    }

    /** The option's key in a configuration file: its longest name without dashes ({@code lock-wait}). */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The option's environment variable ({@code MIGRATOR_LOCK_WAIT}). */
    static String variable(OptionSpec option) {
        return PREFIX + key(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        // picocli expands ${...} in what a provider returns and turns $$ into $: doubling every '$' keeps a
        // value (a password, say) exactly as it was given.
        return lookup(option).map(setting -> setting.value().replace("$", "$$")).orElse(null);
    }

    /**
     * Where {@code option}'s value comes from when the command line does not give it: its environment
     * variable, else its key in the configuration file; empty when neither sets it (an empty variable
     * counts as unset, as Kubernetes manifests often leave them).
     *
     * @throws ParameterException when the configuration file cannot be read or has an unknown key
     */
    Optional<Setting> lookup(OptionSpec option) {
        if (!configurable(option)) {
            return Optional.empty();
        }
        String variable = variable(option);
        String value = environment.get(variable);
        if (value != null && !value.isEmpty()) {
            return Optional.of(new Setting(value, "environment " + variable));
        }
        if (option.longestName().equals(CONFIG_OPTION)) {
            return Optional.empty();
        }
        Path path = configFile(option.command());
        if (path == null) {
            return Optional.empty();
        }
        ConfigFile file = files.get(path);
        if (file == null) {
            try {
                file = ConfigFile.read(path, keys(option.command().root()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(option.command().commandLine(), e.getMessage(), e);
            }
            files.put(path, file);
        }
        String key = key(option);
        return file.value(key).map(v -> new Setting(v, "config file " + path + " (" + key + ")"));
    }

    /**
     * Where the current value of {@code option} came from: "command line", the environment variable
     * or file, "default" for the option's own default, or empty when it has no value.
     */
    static Optional<String> sourceOf(OptionSpec option) {
        CommandLine.ParseResult parsed = option.command().commandLine().getParseResult();
        if (parsed != null && parsed.hasMatchedOption(option)) {
            return Optional.of("command line");
        }
        if (option.command().defaultValueProvider() instanceof OptionDefaults defaults) {
            Optional<Setting> setting = defaults.lookup(option);
            if (setting.isPresent()) {
                return setting.map(Setting::source);
            }
        }
        return option.defaultValue() != null ? Optional.of("default") : Optional.empty();
    }

    /** The environment these defaults read. */
    Map<String, String> environment() {
        return environment;
    }

    /** The --config file: the command line's, else MIGRATOR_CONFIG's; null without one. */
    private Path configFile(CommandSpec command) {
        OptionSpec config = command.findOption(CONFIG_OPTION);
        if (config != null && config.getValue() != null) {
            return config.getValue();
        }
        String variable = environment.get(PREFIX + "CONFIG");
        return variable == null || variable.isEmpty() ? null : Path.of(variable);
    }

    /** Every key a configuration file may hold: the options of all commands. */
    private static Set<String> keys(CommandSpec root) {
        Set<String> keys = new TreeSet<>();
        collectKeys(root, keys);
        return keys;
    }

    private static void collectKeys(CommandSpec command, Set<String> keys) {
        command.options().stream()
                .filter(option -> configurable(option) && !option.longestName().equals(CONFIG_OPTION))
                .forEach(option -> keys.add(key(option)));
        command.subcommands().values().forEach(sub -> collectKeys(sub.getCommandSpec(), keys));
    }

    /**
     * A value and where it came from.
     *
     * @param value  the value as text, as it would be typed after the option
     * @param source "environment MIGRATOR_X" or "config file F (key)"
     */
    record Setting(String value, String source) {
    }
}
