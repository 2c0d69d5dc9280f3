package io.kubernaut.schema.migrator;

import java.time.Duration;

/**
 * Hears a run's progress: every method has an empty default, so implement only what you need.
 * Called on the migrating thread; must not throw. Ready-made listeners (SLF4J, printed progress) are
 * in {@link io.kubernaut.schema.migrator.listeners.MigrationListeners}.
 *
 * @since 0.1.0
 */
public interface MigrationListener {

    /** Another session holds the schema's lock; this migrator waits up to {@code wait}. */
    default void waitingForLock(LockHolder holder, Duration wait) {
    }

    /**
     * This migrator holds the lock of {@code schema}, after waiting {@code waited} for it (zero when it
     * was free).
     */
    default void lockAcquired(String schema, Duration waited) {
    }

    /** The lock is held, the history read; {@code plan} is what will run. */
    default void runStarting(Plan plan) {
    }

    /**
     * A family whose tables existed without history was recorded at {@code adoption}'s version
     * without running its scripts (before any migration of the run starts).
     */
    default void familyAdopted(Adoption adoption) {
    }

    /** {@code migration} is about to run. */
    default void migrationStarting(PlannedMigration migration) {
    }

    /** {@code migration} was applied and recorded. */
    default void migrationApplied(AppliedMigration migration) {
    }

    /** {@code migration} failed; the run stops. */
    default void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
    }

    /** The run ended successfully. */
    default void runFinished(ApplyResult result) {
    }

    /** Something worth knowing that does not stop the run. */
    default void warning(String message) {
    }

    /** Hears nothing. */
    static MigrationListener silent() {
        return new MigrationListener() {
        };
    }
}
