/**
 * A family's migration sources as its authors keep them, read and checked before any database is
 * involved: {@link io.kubernaut.schema.migrator.lint.MigrationSources} reads a folder of
 * {@code V<n>__<description>.sql} scripts or of goose files ({@code NNN_<description>.sql}) and refuses
 * what cannot be a family, and {@link io.kubernaut.schema.migrator.lint.IdempotencyLint} finds the
 * statements that fail or do something else when run a second time, and rewrites the mechanical ones.
 * The schema Maven plugin and {@code migrator lint} both use this package.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.migrator.lint;
