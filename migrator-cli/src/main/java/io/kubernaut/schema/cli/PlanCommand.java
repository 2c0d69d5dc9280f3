package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.Plan;
import picocli.CommandLine.Command;

/** {@code migrator plan}: what apply would run; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the migrations apply would run, in order; changes nothing. Refuses as apply would.")
final class PlanCommand extends ConnectedCommand {

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        Plan plan = migrator.plan();
        console.result(plan, Json.plan(plan));
        return ExitCode.SUCCESS;
    }
}
