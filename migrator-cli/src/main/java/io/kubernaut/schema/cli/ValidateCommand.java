package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.ValidationResult;
import picocli.CommandLine.Command;

/** {@code migrator validate}: every conflict that would make apply refuse; exit code 3 when any. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the database against the families' artifacts: changed checksums, a database ahead."
                + " Exits with 3 when apply would refuse. Changes nothing.")
final class ValidateCommand extends ConnectedCommand {

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        ValidationResult result = migrator.validate();
        console.result(result, Json.validation(result));
        return result.valid() ? ExitCode.SUCCESS : ExitCode.REFUSED;
    }
}
