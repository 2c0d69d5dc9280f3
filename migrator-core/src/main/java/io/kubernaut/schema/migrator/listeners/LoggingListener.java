package io.kubernaut.schema.migrator.listeners;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports a run through SLF4J. */
final class LoggingListener implements MigrationListener {

    static final LoggingListener INSTANCE = new LoggingListener();

    private static final Logger LOG = LoggerFactory.getLogger("io.kubernaut.schema.migrator");

    private LoggingListener() {
    }

    @Override
    public void waitingForLock(LockHolder holder, Duration wait) {
        LOG.info("Waiting up to {} ms for the migration lock held by {}", wait.toMillis(), holder.describe());
    }

    @Override
    public void runStarting(Plan plan) {
        LOG.info("Schema '{}': {} migration(s) to apply, {} already applied; families {}", plan.schema(),
                plan.pending().size(), plan.alreadyApplied(), plan.families());
    }

    @Override
    public void migrationStarting(PlannedMigration migration) {
        LOG.debug("Applying {}", migration.label());
    }

    @Override
    public void migrationApplied(AppliedMigration applied) {
        LOG.info("Applied {} {} in {} ms", applied.migration().label(), applied.migration().description(),
                applied.duration().toMillis());
    }

    @Override
    public void familyAdopted(Adoption adoption) {
        LOG.info("Schema '{}': {} (recorded without running its scripts)", adoption.schema(), adoption.describe());
    }

    @Override
    public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
        LOG.error(failure.getMessage());
    }

    @Override
    public void runFinished(ApplyResult result) {
        LOG.info("Schema '{}': applied {} migration(s), {} already applied, in {} ms", result.schema(),
                result.applied().size(), result.alreadyApplied(), result.duration().toMillis());
    }

    @Override
    public void warning(String message) {
        LOG.warn(message);
    }
}
