/**
 * The {@code migrator} command line ({@link io.kubernaut.schema.cli.MigratorCli}): a thin layer over
 * migrator-core that picks the database (a JDBC URL or an embedded PostgreSQL), finds the families,
 * prints results as tables or JSON and turns failures into {@link io.kubernaut.schema.cli.ExitCode}s.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.cli;
