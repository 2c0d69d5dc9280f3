/**
 * Whether a new version of a table family keeps the promises of the previous one:
 * {@link io.kubernaut.schema.migrator.compat.CompatibilityCheck#run} checks the rules of a
 * {@link io.kubernaut.schema.migrator.compat.CompatibilityMode} on the two versions' schema snapshots
 * and, given {@link io.kubernaut.schema.migrator.compat.ScratchDatabases}, that upgrading from the
 * previous version gives the schema of a fresh install. The schema Maven plugin's
 * {@code check-compatibility} goal and the CLI's {@code compat} command use it.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.compat;
