package io.kubernaut.schema.migrator;

import java.time.Duration;

/**
 * A migration applied by a run.
 *
 * @param migration the migration
 * @param duration  how long its SQL took
 * @param adopted   true when its family's tables already existed without history (a database made
 *                  by older scripts), so the idempotent SQL adopted them
 * @since 0.1.0
 */
public record AppliedMigration(PlannedMigration migration, Duration duration, boolean adopted) {
}
