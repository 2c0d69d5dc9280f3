package io.kubernaut.schema.cli;

import io.kubernaut.schema.cli.ClasspathOptions.Families;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import picocli.CommandLine.Mixin;

/**
 * A command that works on a database: it finds the families (on the class path, or by Maven
 * coordinates with {@code --artifact}/{@code --bom}), opens the database the connection options name
 * (or starts an embedded one) and hands the subclass a configured {@link Migrator}.
 */
abstract class ConnectedCommand extends CliCommand {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    MigrationOptions migration;

    @Override
    protected final ExitCode execute(Console console) {
        // Options and families first: a mistake there needs no database, let alone a started one.
        MigrationConfig config = migration.config();
        try (Families families = families(console)) {
            migration.checkSelection(families.catalog());
            if (families.catalog().families().isEmpty()) {
                console.note("no families on the class path: add family jars with --classpath");
            }
            try (Database database = connection.open(console, environment())) {
                if (database.started().isPresent() && !changesDatabase()) {
                    console.event(Event.warn("note", spec.name() + " describes an empty throwaway database (the embedded"
                            + " PostgreSQL), not yours: name yours with --url, DATABASE_URL or PGHOST"));
                }
                return run(Migrator.using(database.dataSource())
                        .withCatalog(families.catalog())
                        .withConfig(config)
                        .withListener(console.listener()), console);
            }
        }
    }

    /** Whether the command changes the database (else it reports on it). */
    protected boolean changesDatabase() {
        return false;
    }

    /** Runs the command's verb and prints the result through {@code console}. */
    protected abstract ExitCode run(Migrator migrator, Console console);
}
