package io.kubernaut.schema.migrator;

import java.time.Duration;

/**
 * A migration applied by a run.
 *
 * @param migration the migration
 * @param duration  how long its SQL took
 * @since 0.1.0
 */
public record AppliedMigration(PlannedMigration migration, Duration duration) {
}
