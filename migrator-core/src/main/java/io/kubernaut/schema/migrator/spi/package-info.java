/**
 * What a table family implements so that {@code migrator-core} can find it with
 * {@link java.util.ServiceLoader}: {@link io.kubernaut.schema.migrator.spi.SchemaModule} with its
 * {@link io.kubernaut.schema.migrator.spi.Migration}s, usually by extending
 * {@link io.kubernaut.schema.migrator.spi.IndexedSchemaModule}, which reads the family's files from its
 * jar. The files' layout and formats are {@link io.kubernaut.schema.migrator.archive}'s.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.spi;
