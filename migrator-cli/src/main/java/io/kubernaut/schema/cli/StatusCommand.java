package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.StatusReport;
import picocli.CommandLine.Command;

/** {@code migrator status}: each family's applied, pending and ahead migrations; changes nothing. */
@Command(name = "status", aliases = "info", mixinStandardHelpOptions = true,
        description = "Show each selected family's state in the schema: applied, pending and unknown (ahead)"
                + " migrations, changed checksums. Changes nothing and never refuses.")
final class StatusCommand extends ConnectedCommand {

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        StatusReport report = migrator.status();
        console.result(report, report);
        return ExitCode.SUCCESS;
    }
}
