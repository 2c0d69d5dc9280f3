/**
 * migrator-core: finds the table families on the class path or module path with
 * {@link java.util.ServiceLoader} and applies them to PostgreSQL. Exports the API
 * ({@code io.kubernaut.schema.migrator}), the SPI a family implements, the ready-made listeners, the
 * lint of migration sources, the family archive (files and formats) and the compatibility check;
 * {@code io.kubernaut.schema.migrator.internal} is not exported.
 *
 * @since 0.1.0
 */
module io.kubernaut.schema.migrator {
    requires transitive java.sql;
    // pgjdbc's data sources are JNDI Referenceables.
    requires java.naming;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports io.kubernaut.schema.migrator;
    exports io.kubernaut.schema.migrator.archive;
    exports io.kubernaut.schema.migrator.compat;
    exports io.kubernaut.schema.migrator.lint;
    exports io.kubernaut.schema.migrator.listeners;
    exports io.kubernaut.schema.migrator.spi;

    uses io.kubernaut.schema.migrator.spi.SchemaModule;
}
