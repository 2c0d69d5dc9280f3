package io.kubernaut.schema.migrator.listeners;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.io.PrintWriter;
import java.time.Duration;

/** Prints a run's progress for humans, one line per migration as it runs. */
final class PrintingListener implements MigrationListener {

    private final PrintWriter out;

    PrintingListener(PrintWriter out) {
        this.out = out;
    }

    /** One line, flushed: a writer without auto-flush still shows progress as it happens. */
    private void line(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public void waitingForLock(LockHolder holder, Duration wait) {
        line("Waiting up to " + wait.toSeconds() + " s for the migration lock held by " + holder.describe());
    }

    @Override
    public void runStarting(Plan plan) {
        line("Schema '" + plan.schema() + "': " + plan.pending().size() + " to apply, " + plan.alreadyApplied()
                + " already applied (families: " + (plan.families().isEmpty() ? "none" : String.join(", ", plan.families()))
                + ")");
    }

    @Override
    public void familyAdopted(Adoption adoption) {
        line("  " + adoption.describe() + " (recorded without running its scripts)");
    }

    @Override
    public void migrationStarting(PlannedMigration migration) {
        out.print("  " + migration.label() + " " + migration.description() + " ... ");
        out.flush();
    }

    @Override
    public void migrationApplied(AppliedMigration applied) {
        line("ok (" + applied.duration().toMillis() + " ms)");
    }

    @Override
    public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
        line("FAILED");
    }

    @Override
    public void warning(String message) {
        line("warning: " + message);
    }
}
