package io.kubernaut.schema.migrator.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.core.Utils;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server the tests create, use and drop databases on: the embedded one
 * ({@link EmbeddedTestServer}), one in Docker ({@link ContainerTestServer}) or any other given by
 * {@link #of}. The production servers (migrator-postgres) depend on this module, so its tests have their own.
 */
public interface TestServer extends AutoCloseable {

    /** The maintenance database every server has. */
    String MAINTENANCE_DATABASE = "postgres";

    /** {@code embedded}, {@code testcontainers} or what {@link #of} was given. */
    String kind();

    /** The JDBC URL of {@code database} on this server, without the password. */
    String jdbcUrl(String database);

    String user();

    /** The password of {@link #user()}; may be empty. */
    String password();

    /** Where the server keeps its data when the test runs it itself; null otherwise. */
    default Path dataDirectory() {
        return null;
    }

    default DataSource dataSource(String database) {
        return dataSource(jdbcUrl(database), user(), password());
    }

    /** Creates {@code database}, empty, or as a copy of {@code template} when it is not null. */
    default void createDatabase(String database, String template) {
        executeOnMaintenance("CREATE DATABASE " + quote(database) + (template == null ? "" : " TEMPLATE " + quote(template)));
    }

    /** Drops {@code database} if it exists, ending sessions still connected to it. */
    default void dropDatabase(String database) {
        executeOnMaintenance("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    }

    private void executeOnMaintenance(String sql) {
        try (Connection connection = dataSource(MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + jdbcUrl(MAINTENANCE_DATABASE) + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server when the test started it. */
    @Override
    default void close() {
    }

    /** A server that runs already, e.g. one a test of another module started with its own tools. */
    static TestServer of(String kind, UnaryOperator<String> jdbcUrl, String user, String password) {
        return new TestServer() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String jdbcUrl(String database) {
                return jdbcUrl.apply(database);
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password == null ? "" : password;
            }
        };
    }

    /** A pgjdbc data source; {@code user} and {@code password} may be null or empty for the URL's or driver's. */
    static DataSource dataSource(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        if (user != null && !user.isEmpty()) {
            dataSource.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /** {@code identifier} quoted as pgjdbc quotes it. */
    static String quote(String identifier) {
        try {
            return Utils.escapeIdentifier(null, identifier).toString();
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
