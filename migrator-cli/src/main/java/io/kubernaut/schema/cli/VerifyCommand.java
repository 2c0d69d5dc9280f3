package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.Migrator;
import picocli.CommandLine.Command;

/** {@code migrator verify}: the database's tables against the snapshots in the families' jars; exit code 3 on drift. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare the selected families' tables in the schema with the schema snapshot in each"
                + " family's artifact: missing or extra tables, columns, constraints, indexes and triggers; changed"
                + " column types, nullability, defaults. Exits with 3 when there is drift. Changes nothing and takes no lock.",
                "Families in the history are compared only at their artifact's latest migration; others are listed as"
                + " pending (apply first), ahead, or not verifiable (the jar has no snapshot), which is not drift. A family"
                + " not in the history whose tables exist (made by goose, Flyway or copied SQL) is compared with the"
                + " snapshot of each of its versions: 'not in the history' with the version it matches (apply or adopt"
                + " records it there), or drift against the nearest version."})
final class VerifyCommand extends ConnectedCommand {

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        DriftReport report = migrator.verify();
        console.result(report, Json.drift(report));
        return report.hasDrift() ? ExitCode.REFUSED : ExitCode.SUCCESS;
    }
}
