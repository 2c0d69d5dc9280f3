package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.util.List;

/**
 * A pending migration whose script was read, checked against its index checksum and split, before
 * anything runs: a broken jar fails the run before the first statement.
 *
 * @param migration  the migration
 * @param checksum   its checksum (equal to the index's)
 * @param statements its statements
 */
record PreparedMigration(PlannedMigration migration, String checksum, List<SqlStatement> statements) {
}
