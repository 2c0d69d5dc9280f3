package io.kubernaut.schema.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A running PostgreSQL server on which the registry's tools create, clone and drop databases.
 *
 * <p>Implementations: {@link EmbeddedServer} (a PostgreSQL started from Maven-packaged binaries),
 * {@link ContainerServer} (Testcontainers) and {@link ExternalServer} (one that already runs).
 * {@link #close()} stops servers the implementation started and leaves external ones alone.
 *
 * @since 0.1.0
 */
public interface PostgresServer extends AutoCloseable {

    /** The maintenance database every server has, used to create and drop others. */
    String MAINTENANCE_DATABASE = "postgres";

    /** A short word for messages: {@code embedded}, {@code testcontainers} or {@code external}. */
    String kind();

    /** The JDBC URL of {@code database} on this server; it never contains the password. */
    String jdbcUrl(String database);

    /** The user the tools connect as. */
    String user();

    /** The password of {@link #user()}; keep it out of messages and logs. May be empty. */
    String password();

    /** A data source for {@code database} on this server, connecting as {@link #user()}. */
    DataSource dataSource(String database);

    /** Creates {@code database}, empty, or as a copy of {@code template} when it is not null. */
    default void createDatabase(String database, String template) {
        String sql = template == null ? DatabaseStatements.create(database)
                : DatabaseStatements.copy(database, template, null);
        executeOnMaintenance(sql, "create database '" + database + "'");
    }

    /** Drops {@code database} if it exists, ending sessions still connected to it. */
    default void dropDatabase(String database) {
        executeOnMaintenance(DatabaseStatements.drop(database),
                "drop database '" + database + "'");
    }

    private void executeOnMaintenance(String sql, String what) {
        try (Connection connection = dataSource(MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new PostgresServerException("Cannot " + what + " on the " + kind() + " PostgreSQL at "
                    + jdbcUrl(MAINTENANCE_DATABASE) + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server when this object started it. */
    @Override
    void close();
}
