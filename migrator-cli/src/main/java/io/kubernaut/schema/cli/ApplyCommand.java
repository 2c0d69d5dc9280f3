package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.Migrator;
import picocli.CommandLine.Command;

/** {@code migrator apply}: applies the pending migrations, printing each as it runs. */
@Command(name = "apply", aliases = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the pending migrations of the selected families (families in dependency order,"
                + " migrations in version order, each in its own transaction unless --all-or-nothing).")
final class ApplyCommand extends ConnectedCommand {

    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        ApplyResult result = migrator.apply();
        console.result(result, Json.apply(result));
        return ExitCode.SUCCESS;
    }
}
