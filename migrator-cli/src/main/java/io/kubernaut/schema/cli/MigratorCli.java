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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code migrator} command line: lists, plans, applies, reports and validates table families
 * against a PostgreSQL database given by JDBC URL, or an embedded PostgreSQL it starts itself.
 *
 * <p>Run it with {@link #main(String[])}, or in-process with {@link #commandLine(Map)}, which
 * returns the exit code instead of exiting (see {@link ExitCode}).
 *
 * @since 0.1.0
 */
@Command(name = "migrator", mixinStandardHelpOptions = true, versionProvider = MigratorCli.Version.class,
        description = "Apply PostgreSQL table families (schema registry artifacts) to a database, or to an embedded"
                + " PostgreSQL when no --url is given.",
        subcommands = {ListCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
                ValidateCommand.class, VerifyCommand.class, UpCommand.class, CompatCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Families come from the class path (the ./migrator script adds this project's families) and"
                + " from --classpath; with --artifact or --bom, from Maven repositories instead of the class path."
                + " The password comes from --password or PGPASSWORD and is never printed."})
public final class MigratorCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    /** A CLI reading the process environment. */
    public MigratorCli() {
        this(System.getenv());
    }

    /** A CLI reading {@code environment} instead of the process's (for {@code PGPASSWORD}). */
    public MigratorCli(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** Runs {@code migrator} with {@code args} and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        // Before the first logger exists: slf4j-simple reads its level once.
        if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /**
     * A picocli command line for {@code migrator}, its exit codes listed in the help and its usage
     * errors reported briefly (or as JSON with {@code --json}); {@link CommandLine#execute} returns
     * the exit code. Redirect output with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     *
     * @param environment stands in for the process environment ({@code PGPASSWORD})
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new MigratorCli(environment));
        commandLine.setParameterExceptionHandler((failure, args) -> {
            List<String> arguments = Arrays.asList(args);
            return Console.usageError(failure.getCommandLine(), failure, arguments.contains("--json"),
                    Secrets.of(arguments, environment));
        });
        describeExitCodes(commandLine);
        return commandLine;
    }

    private static void describeExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList());
        commandLine.getSubcommands().values().forEach(MigratorCli::describeExitCodes);
    }

    /** The environment the commands read. */
    Map<String, String> environment() {
        return environment;
    }

    /** Without a command: say which exist (exit code 2). */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "Missing a command: list, plan, apply, status, validate, verify or up");
    }

    /** The version from the jar, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = MigratorCli.class.getResourceAsStream("/migrator-cli.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"migrator " + properties.getProperty("version", "(unknown version)"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
