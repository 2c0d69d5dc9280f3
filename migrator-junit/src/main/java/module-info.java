/**
 * migrator-junit: {@code @SchemaTest} gives a test a PostgreSQL database with chosen table families
 * applied, and a jOOQ {@code DSLContext} on it. Exports {@code io.kubernaut.schema.junit}; its
 * {@code internal} package is not exported. The extension is opened to JUnit, which creates it.
 *
 * @since 0.1.0
 */
module io.kubernaut.schema.junit {
    requires transitive io.kubernaut.schema.migrator;
    requires transitive org.jooq;
    requires transitive org.junit.jupiter.api;
    requires com.zaxxer.hikari;
    requires io.kubernaut.schema.postgres;
    requires org.junit.platform.commons;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports io.kubernaut.schema.junit;
    opens io.kubernaut.schema.junit to org.junit.platform.commons;
}
