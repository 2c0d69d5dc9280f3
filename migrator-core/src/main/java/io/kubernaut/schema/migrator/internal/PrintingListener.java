package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.io.PrintStream;
import java.time.Duration;

/** Prints a run's progress for humans, one line per migration as it runs. */
public final class PrintingListener implements MigrationListener {

    private final PrintStream out;

    public PrintingListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void waitingForLock(LockHolder holder, Duration wait) {
        out.println("Waiting up to " + wait.toSeconds() + " s for the migration lock held by " + holder.describe());
    }

    @Override
    public void runStarting(Plan plan) {
        out.println("Schema '" + plan.schema() + "': " + plan.pending().size() + " to apply, " + plan.alreadyApplied()
                + " already applied (families: " + (plan.families().isEmpty() ? "none" : String.join(", ", plan.families()))
                + ")");
    }

    @Override
    public void familyAdopted(Adoption adoption) {
        out.println("  " + adoption.describe() + " (recorded without running its scripts)");
    }

    @Override
    public void migrationStarting(PlannedMigration migration) {
        out.print("  " + migration.label() + " " + migration.description() + " ... ");
        out.flush();
    }

    @Override
    public void migrationApplied(AppliedMigration applied) {
        out.println("ok (" + applied.duration().toMillis() + " ms)");
    }

    @Override
    public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
        out.println("FAILED");
    }

    @Override
    public void warning(String message) {
        out.println("warning: " + message);
    }
}
