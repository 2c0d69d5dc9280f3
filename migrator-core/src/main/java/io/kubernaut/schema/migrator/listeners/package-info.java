/**
 * Ready-made {@link io.kubernaut.schema.migrator.MigrationListener}s:
 * {@link io.kubernaut.schema.migrator.listeners.MigrationListeners#logging()} and
 * {@link io.kubernaut.schema.migrator.listeners.MigrationListeners#printingTo(java.io.PrintWriter)}.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.listeners;
