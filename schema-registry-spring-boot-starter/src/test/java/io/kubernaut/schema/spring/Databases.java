package io.kubernaut.schema.spring;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One embedded PostgreSQL for this module's tests, and a fresh empty database for each application. */
final class Databases {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static PostgresServer server;

    private Databases() {
    }

    static synchronized PostgresServer server() {
        if (server == null) {
            EmbeddedServer started = EmbeddedServer.start();
            started.stopOnExit();
            server = started;
        }
        return server;
    }

    /** A new empty database; its JDBC URL. */
    static String fresh() {
        String name = "starter_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        server().createDatabase(name, null);
        return server().jdbcUrl(name);
    }

    /** Points {@code spring.datasource.*} at the database {@code url}. */
    static void register(org.springframework.test.context.DynamicPropertyRegistry registry, String url) {
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", Databases::user);
    }

    static String user() {
        return server().user();
    }

    /** Runs {@code sql} on the database at {@code url}. */
    static void execute(String url, String sql) {
        try (Connection connection = java.sql.DriverManager.getConnection(url, server().user(), server().password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of {@code sql}'s result, as text, or null without a row. */
    static String query(String url, String sql) {
        try (Connection connection = java.sql.DriverManager.getConnection(url, server().user(), server().password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code schema.table} exists in the database at {@code url}. */
    static boolean tableExists(String url, String schema, String table) {
        return query(url, "SELECT to_regclass('" + schema + "." + table + "') IS NOT NULL").equals("t");
    }
}
