package io.kubernaut.schema.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code migrator config}: the settings a database command would run with, each with its
 * environment variable and where its value came from, and the database they name; connects to
 * nothing. {@code <command> --print-config} shows the same for one command.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the effective settings of a database command (plan, apply, status, …) and where each"
                + " came from: command line, MIGRATOR_* environment variable, --config file or default; then the"
                + " database they name (DATABASE_URL, PG* variables, or the embedded PostgreSQL). The password is"
                + " masked. Connects to nothing. '<command> --print-config' shows one command's.")
final class ConfigCommand extends CliCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MigrationOptions migration;

    @Override
    protected ExitCode execute(Console console) {
        return Settings.of(spec, environment()).print(console);
    }
}
