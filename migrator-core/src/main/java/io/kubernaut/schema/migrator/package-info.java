/**
 * Applies table families to PostgreSQL: {@link io.kubernaut.schema.migrator.Migrator} is the entry
 * point, {@link io.kubernaut.schema.migrator.MigrationConfig} says what and how, and the results and
 * exceptions of this package say what happened.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator;
