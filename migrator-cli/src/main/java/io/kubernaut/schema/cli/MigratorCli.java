package io.kubernaut.schema.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code migrator} command line: lists, plans, applies, reports and validates table families
 * against a PostgreSQL database named by options, {@code MIGRATOR_*} variables, a config file,
 * {@code DATABASE_URL} or libpq's {@code PG*} variables, or an embedded PostgreSQL it starts itself.
 *
 * <p>Run it with {@link #main(String[])}, or in-process with {@link #commandLine(Map)}, which
 * returns the exit code instead of exiting (see {@link ExitCode}).
 *
 * @since 0.1.0
 */
@Command(name = "migrator", mixinStandardHelpOptions = true, versionProvider = MigratorCli.Version.class,
        description = "Apply PostgreSQL table families (schema registry artifacts) to a database, or to an embedded"
                + " PostgreSQL when nothing names one (--url, DATABASE_URL, PGHOST...).",
        subcommands = {ListCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
                ValidateCommand.class, VerifyCommand.class, AdoptCommand.class, UpCommand.class, CompatCommand.class, ConfigCommand.class,
                LintCommand.class, RepairCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Families come from the class path and from --classpath; with --artifact or --bom, from Maven"
                + " repositories instead of the class path. The ./migrator script adds this project's own families"
                + " (MIGRATOR_PROJECT_FAMILIES) only when none of --classpath, --artifact, --bom is given.",
                "", "Every option can also be set by an environment variable, MIGRATOR_ and its name (--lock-wait:"
                + " MIGRATOR_LOCK_WAIT), or in a --config file (lock-wait: 30). Order: command line, environment,"
                + " config file, then for the database DATABASE_URL and libpq's PGHOST, PGPORT, PGDATABASE, PGUSER,"
                + " PGPASSWORD, PGSSLMODE, PGPASSFILE. 'migrator config' shows what is in effect. The password is"
                + " never printed."})
public final class MigratorCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private boolean standardStreams;

    /** A CLI reading the process environment. */
    public MigratorCli() {
        this(System.getenv());
    }

    /** A CLI reading {@code environment} instead of the process's ({@code MIGRATOR_*}, {@code PG*}, …). */
    public MigratorCli(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** Runs {@code migrator} with {@code args} and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        // Before the first logger exists: slf4j-simple reads its level once.
        if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        CommandLine commandLine = commandLine(System.getenv());
        ((MigratorCli) commandLine.getCommand()).standardStreams = true;
        System.exit(commandLine.execute(args));
    }

    /**
     * A picocli command line for {@code migrator}, its exit codes listed in the help and its usage
     * errors reported briefly (or as JSON with {@code --json}); {@link CommandLine#execute} returns
     * the exit code. Redirect output with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     *
     * @param environment stands in for the process environment ({@code MIGRATOR_*}, {@code DATABASE_URL}, {@code PG*})
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new MigratorCli(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // After the subcommands are known: picocli hands the provider to the whole hierarchy.
        commandLine.setDefaultValueProvider(new OptionDefaults(environment));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            List<String> arguments = Arrays.asList(args);
            return Console.usageError(failure.getCommandLine(), withOrigin(failure, arguments),
                    arguments.contains("--json") || "true".equalsIgnoreCase(environment.get("MIGRATOR_JSON")),
                    jsonLog(arguments, environment), Secrets.of(arguments, environment));
        });
        describeExitCodes(commandLine);
        return commandLine;
    }

    /** Whether the arguments or the environment ask for --log-format json (a usage error knows no more). */
    private static boolean jsonLog(List<String> arguments, Map<String, String> environment) {
        int index = arguments.indexOf("--log-format");
        String format = index >= 0 && index + 1 < arguments.size() ? arguments.get(index + 1)
                : arguments.stream().filter(a -> a.startsWith("--log-format=")).map(a -> a.substring(13)).findFirst()
                        .orElse(environment.get("MIGRATOR_LOG_FORMAT"));
        return "json".equalsIgnoreCase(format);
    }

    /** {@code failure}, saying which variable or file gave the bad value when the command line did not. */
    private static ParameterException withOrigin(ParameterException failure, List<String> arguments) {
        if (!(failure.getArgSpec() instanceof OptionSpec option)
                || !(option.command().defaultValueProvider() instanceof OptionDefaults defaults)) {
            return failure;
        }
        boolean onCommandLine = arguments.stream().anyMatch(arg -> Arrays.stream(option.names())
                .anyMatch(name -> arg.equals(name) || arg.startsWith(name + "=")));
        if (onCommandLine) {
            return failure;
        }
        try {
            return defaults.lookup(option)
                    .map(setting -> new ParameterException(failure.getCommandLine(), failure.getMessage() + " (from the "
                            + setting.source() + ")", failure, option, failure.getValue()))
                    .orElse(failure);
        } catch (ParameterException unreadableConfigFile) {
            return failure;
        }
    }

    private static void describeExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        commandLine.getSubcommands().values().forEach(MigratorCli::describeExitCodes);
    }

    /** Whether this CLI runs as the process ({@link #main}), so a command may redirect {@link System#err}. */
    boolean ownsStandardStreams() {
        return standardStreams;
    }

    /** The environment the commands read. */
    Map<String, String> environment() {
        return environment;
    }

    /** Without a command: say which exist (exit code 2). */
    @Override
    public Integer call() {
        List<String> names = commandNames(spec);
        throw new ParameterException(spec.commandLine(), "Missing a command: " + String.join(", ",
                names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    /**
     * The names of {@code spec}'s commands in the order they are declared, without aliases and without
     * {@code help}: taken from picocli's model, so a new command is listed without further code.
     */
    static List<String> commandNames(CommandSpec spec) {
        return spec.subcommands().values().stream()
                .map(CommandLine::getCommandName)
                .distinct()
                .filter(name -> !name.equals("help"))
                .toList();
    }

    /** The CLI's version, from the jar ("(unknown version)" when it cannot be read). */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = MigratorCli.class.getResourceAsStream("/migrator-cli.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The version is for display only.
        }
        return properties.getProperty("version", "(unknown version)");
    }

    /** The version from the jar, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"migrator " + version(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
