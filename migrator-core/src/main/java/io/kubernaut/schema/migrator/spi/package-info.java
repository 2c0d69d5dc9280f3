/**
 * What a table family implements so that {@code migrator-core} can find it with
 * {@link java.util.ServiceLoader}: {@link io.kubernaut.schema.migrator.spi.SchemaModule}, usually by
 * extending {@link io.kubernaut.schema.migrator.spi.IndexedSchemaModule}, which reads the family's
 * {@link io.kubernaut.schema.migrator.spi.FamilyIndex} from its jar.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.spi;
