/**
 * A table family's files as its jar holds them, read and written without loading a class:
 * {@link io.kubernaut.schema.migrator.archive.FamilyLayout} (where each file sits),
 * {@link io.kubernaut.schema.migrator.archive.FamilyIndex} ({@code index.properties}),
 * {@link io.kubernaut.schema.migrator.archive.SchemaSnapshot} (the schema a family's migrations
 * produce, taken from PostgreSQL's catalog, and the objects it describes,
 * {@link io.kubernaut.schema.migrator.archive.SchemaObjects}) and
 * {@link io.kubernaut.schema.migrator.archive.FamilyArchive} (a whole family, read from a jar or folder
 * or held in memory, and written into a build's output). Malformed files raise
 * {@link io.kubernaut.schema.migrator.FamilyFormatException}.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.archive;
