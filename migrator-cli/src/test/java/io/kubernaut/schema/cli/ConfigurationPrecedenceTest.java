package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.cli.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One order of precedence for every option of every command, read from picocli's model (so options
 * added later are covered without changing this test): command line, then {@code MIGRATOR_<NAME>},
 * then the {@code --config} file's key, then the option's default. Commands are only parsed here;
 * nothing connects.
 */
class ConfigurationPrecedenceTest {

    @TempDir
    Path directory;

    /** Every command that takes options (the help command aside). */
    static Stream<String> everyCommand() {
        return MigratorCli.commandLine(Map.of()).getSubcommands().entrySet().stream()
                .filter(entry -> entry.getValue().getCommandSpec().userObject() instanceof CliCommand)
                .map(Map.Entry::getKey);
    }

    /**
     * Each option of {@code command}, given a sample value once on the command line, once by its
     * variable, once by its key in a YAML file and once in a properties file, ends with the same value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void everyOptionIsReachableThroughItsEnvironmentVariableAndTheConfigFile(String command) throws IOException {
        List<OptionSpec> options = MigratorCli.commandLine(Map.of()).getSubcommands().get(command).getCommandSpec()
                .options().stream().filter(OptionDefaults::configurable).toList();
        assertThat(options).isNotEmpty();
        Path empty = Files.writeString(directory.resolve("empty.yaml"), "");
        Map<String, String> samples = new LinkedHashMap<>();
        options.forEach(option -> samples.put(option.longestName(),
                option.longestName().equals(OptionDefaults.CONFIG_OPTION) ? empty.toString() : sample(option)));

        List<String> arguments = new ArrayList<>(List.of(command));
        Map<String, String> variables = new HashMap<>();
        StringBuilder yaml = new StringBuilder();
        StringBuilder properties = new StringBuilder();
        for (OptionSpec option : options) {
            String sample = samples.get(option.longestName());
            arguments.add(argument(option, sample));
            variables.put(OptionDefaults.variable(option), sample);
            if (!option.longestName().equals(OptionDefaults.CONFIG_OPTION)) {
                yaml.append(OptionDefaults.key(option)).append(": '").append(sample.replace("'", "''")).append("'\n");
                properties.append(OptionDefaults.key(option)).append('=').append(sample.replace("\\", "\\\\"))
                        .append('\n');
            }
        }
        Path yamlFile = Files.writeString(directory.resolve("migrator.yaml"), yaml);
        Path propertiesFile = Files.writeString(directory.resolve("migrator.properties"), properties);

        // Options only the command line sets (repair's) are given there in every variant.
        List<String> commandLineOnly = new ArrayList<>(List.of(command));
        MigratorCli.commandLine(Map.of()).getSubcommands().get(command).getCommandSpec().options().stream()
                .filter(option -> option.required() && !OptionDefaults.configurable(option))
                .forEach(option -> commandLineOnly.add(argument(option, sample(option))));
        arguments.addAll(commandLineOnly.subList(1, commandLineOnly.size()));
        List<String> withConfig = new ArrayList<>(commandLineOnly);
        withConfig.addAll(List.of("--config", yamlFile.toString()));

        CommandSpec given = parse(Map.of(), arguments, command);
        CommandSpec fromEnvironment = parse(variables, commandLineOnly, command);
        CommandSpec fromYaml = parse(Map.of(), withConfig, command);
        CommandSpec fromProperties = parse(Map.of("MIGRATOR_CONFIG", propertiesFile.toString()), commandLineOnly,
                command);

        SoftAssertions softly = new SoftAssertions();
        for (OptionSpec option : options) {
            String name = option.longestName();
            Object expected = given.findOption(name).getValue();
            softly.assertThat(expected).as("%s %s on the command line", command, name).isNotNull();
            softly.assertThat((Object) fromEnvironment.findOption(name).getValue())
                    .as("%s %s from %s", command, name, OptionDefaults.variable(option)).isEqualTo(expected);
            softly.assertThat(OptionDefaults.sourceOf(fromEnvironment.findOption(name)))
                    .contains("environment " + OptionDefaults.variable(option));
            if (!name.equals(OptionDefaults.CONFIG_OPTION)) {
                softly.assertThat((Object) fromYaml.findOption(name).getValue())
                        .as("%s %s from key %s of a YAML file", command, name, OptionDefaults.key(option))
                        .isEqualTo(expected);
                softly.assertThat(OptionDefaults.sourceOf(fromYaml.findOption(name)))
                        .contains("config file " + yamlFile + " (" + OptionDefaults.key(option) + ")");
                softly.assertThat((Object) fromProperties.findOption(name).getValue())
                        .as("%s %s from key %s of a properties file", command, name, OptionDefaults.key(option))
                        .isEqualTo(expected);
            }
        }
        softly.assertAll();
    }

    /**
     * The order, row by row: which of command line, environment and config file set a value, and which
     * value wins. Uses --schema (a value with a default) and --lock-wait (a number).
     */
    static Stream<Arguments> precedence() {
        return Stream.of(
                Arguments.of("nothing: the default", null, null, null, "public", "default"),
                Arguments.of("config file alone", null, null, "from_file", "from_file", "config file"),
                Arguments.of("environment over config file", null, "from_env", "from_file", "from_env",
                        "environment MIGRATOR_SCHEMA"),
                Arguments.of("environment alone", null, "from_env", null, "from_env", "environment MIGRATOR_SCHEMA"),
                Arguments.of("command line over both", "from_args", "from_env", "from_file", "from_args", "command line"),
                Arguments.of("command line over config file", "from_args", null, "from_file", "from_args", "command line"),
                Arguments.of("an empty variable counts as unset", null, "", "from_file", "from_file", "config file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void commandLineThenEnvironmentThenConfigFileThenDefault(String row, String args, String environment, String file,
            String expected, String source) throws IOException {
        Map<String, String> variables = new HashMap<>();
        List<String> arguments = new ArrayList<>(List.of("apply"));
        if (args != null) {
            arguments.addAll(List.of("--schema", args));
        }
        if (environment != null) {
            variables.put("MIGRATOR_SCHEMA", environment);
        }
        if (file != null) {
            variables.put("MIGRATOR_CONFIG", Files.writeString(directory.resolve("c.yml"), "schema: " + file + "\n")
                    .toString());
        }

        OptionSpec schema = parse(variables, arguments, "apply", "--schema");

        assertThat((Object) schema.getValue()).isEqualTo(expected);
        assertThat(OptionDefaults.sourceOf(schema)).hasValueSatisfying(s -> assertThat(s).startsWith(source));
    }

    @Test
    void valuesKeepEveryCharacterAsGivenIncludingDollarSigns() {
        String password = "pa$$${sys:user.name}$word";

        OptionSpec option = parse(Map.of("MIGRATOR_PASSWORD", password), List.of("status"), "status", "--password");

        assertThat((Object) option.getValue()).isEqualTo(password);
    }

    @Test
    void yamlListsAreTheOptionsCommaSeparatedValues() throws IOException {
        Path yaml = Files.writeString(directory.resolve("m.yaml"), "tables: [audit_events, workflows]\nlock-wait: 5\n"
                + "all-or-nothing: true\n");

        CommandLine commandLine = MigratorCli.commandLine(Map.of());
        commandLine.parseArgs("apply", "--config", yaml.toString());

        CommandSpec apply = commandLine.getSubcommands().get("apply").getCommandSpec();
        assertThat((Object) apply.findOption("--tables").getValue()).isEqualTo(List.of("audit_events", "workflows"));
        assertThat((Object) apply.findOption("--lock-wait").getValue()).isEqualTo(5L);
        assertThat((Object) apply.findOption("--all-or-nothing").getValue()).isEqualTo(true);
    }

    @Test
    void unknownConfigKeyIsRefusedNamingItAndTheKnownKeys() throws IOException {
        Path yaml = Files.writeString(directory.resolve("typo.yaml"), "lock_wait: 5\n");

        Result result = Cli.run(Map.of("MIGRATOR_CONFIG", yaml.toString()), "apply");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(yaml.toString(), "unknown key lock_wait", "lock-wait");
    }

    @Test
    void unreadableConfigFileIsRefusedWithoutQuotingItsContent() throws IOException {
        String secret = "S3cret-in-a-broken-file";
        Path yaml = Files.writeString(directory.resolve("broken.yaml"), "password: " + secret + "\nurl: [unclosed\n");

        Result broken = Cli.run("status", "--config", yaml.toString());
        Result missing = Cli.run("status", "--config", directory.resolve("absent.yaml").toString());

        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
        assertThat(broken.err()).contains("not valid YAML at line").doesNotContain(secret);
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("absent.yaml: no such file");
    }

    @Test
    void badValueFromTheEnvironmentNamesTheVariable() {
        Result result = Cli.run(Map.of("MIGRATOR_LOCK_WAIT", "soon"), "apply");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("'soon'", "from the environment MIGRATOR_LOCK_WAIT");
    }

    /** A value the option accepts, as text. */
    private static String sample(OptionSpec option) {
        Class<?> type = option.type();
        if (type == boolean.class || type == Boolean.class) {
            return "true";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "7";
        }
        if (type == Duration.class) {
            return "1m30s";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1].toString();
        }
        if (Collection.class.isAssignableFrom(type) && option.splitRegex() != null && !option.splitRegex().isEmpty()) {
            return "first,second";
        }
        return "value-of-" + OptionDefaults.key(option);
    }

    /** The option with {@code value} as one command-line argument. */
    private static String argument(OptionSpec option, String value) {
        return option.arity().max() == 0 ? option.longestName() : option.longestName() + "=" + value;
    }

    private static OptionSpec parse(Map<String, String> environment, List<String> args, String command, String name) {
        OptionSpec option = parse(environment, args, command).findOption(name);
        assertThat(option).as("%s %s", command, name).isNotNull();
        return option;
    }

    private static CommandSpec parse(Map<String, String> environment, List<String> args, String command) {
        CommandLine commandLine = MigratorCli.commandLine(environment);
        commandLine.parseArgs(args.toArray(String[]::new));
        return commandLine.getSubcommands().get(command).getCommandSpec();
    }

    @Test
    void repairsOwnOptionsComeFromTheCommandLineOnly() {
        Map<String, String> environment = Map.of("MIGRATOR_FAMILY", "events", "MIGRATOR_VERSION", "1",
                "MIGRATOR_REASON", "left over");

        assertThatThrownBy(() -> parse(environment, List.of("repair"), "repair"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--family").hasMessageContaining("--reason");
        assertThat(parse(environment, List.of("repair", "--family", "f", "--version", "2", "--reason", "r"), "repair")
                .findOption("--reason").<String>getValue()).isEqualTo("r");
    }

    @Test
    void everyCommandHasTheConfigurationOptions() {
        CommandLine root = MigratorCli.commandLine(Map.of());
        Set<String> commands = root.getSubcommands().keySet();
        assertThat(commands).contains("plan", "apply", "status", "validate", "verify", "up", "compat", "config", "list");
        root.getSubcommands().values().stream()
                .filter(sub -> sub.getCommandSpec().userObject() instanceof CliCommand)
                .forEach(sub -> assertThat(sub.getCommandSpec().findOption("--config")).isNotNull());
    }
}
