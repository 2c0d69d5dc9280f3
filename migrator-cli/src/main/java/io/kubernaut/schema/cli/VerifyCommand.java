package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.Migrator;
import picocli.CommandLine.Command;

/** {@code migrator verify}: the database's tables against the snapshots in the families' jars; exit code 3 on drift. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare the selected families' tables in the schema with the schema snapshot in each"
                + " family's artifact: missing or extra tables, columns, constraints, indexes and triggers; changed"
                + " column types, nullability, defaults. Exits with 3 when there is drift. Changes nothing and takes no lock.",
                "Only families at their artifact's latest migration are compared; others are listed as not installed,"
                + " pending (apply first), ahead, or not verifiable (the jar has no snapshot), which is not drift."})
final class VerifyCommand extends ConnectedCommand {

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        DriftReport report = migrator.verify();
        console.result(report, Json.drift(report));
        return report.hasDrift() ? ExitCode.REFUSED : ExitCode.SUCCESS;
    }
}
