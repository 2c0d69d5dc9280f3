package io.kubernaut.schema.migrator.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of a test run, shared by every test of the JVM and stopped at exit.
 *
 * <p>{@code -Dschema.test.server=embedded} (the default) starts the embedded PostgreSQL;
 * {@code testcontainers} starts {@code -Dschema.test.postgres-image} through Testcontainers. Without a
 * Docker engine the Testcontainers run is skipped, unless {@code -Dschema.test.require-docker=true}
 * (set in CI, where Docker was prepared) makes it fail.
 */
public final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestServer server;
    private static RuntimeException startFailure;

    private TestPostgres() {
    }

    /** The server, started on first use. */
    public static synchronized TestServer server() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (server == null) {
            try {
                server = start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            TestServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }

    private static TestServer start() {
        String kind = System.getProperty("schema.test.server", "embedded").toLowerCase(Locale.ROOT);
        if (kind.equals("testcontainers")) {
            String image = System.getProperty("schema.test.postgres-image", "local/postgres:15");
            if (!ContainerTestServer.dockerAvailable()) {
                if (Boolean.getBoolean("schema.test.require-docker")) {
                    throw new IllegalStateException("Docker was required (schema.test.require-docker=true) but"
                            + " Testcontainers cannot reach a Docker engine");
                }
                Assumptions.abort("No Docker engine reachable: skipping the Testcontainers run");
            }
            return ContainerTestServer.start(image);
        }
        return EmbeddedTestServer.start();
    }

    /** A new, empty database on the server. */
    public static Database newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        server().createDatabase(name, null);
        return new Database(server(), name);
    }

    /**
     * A database of the test server.
     *
     * @param server the server
     * @param name   the database name
     */
    public record Database(TestServer server, String name) {

        public DataSource dataSource() {
            return server.dataSource(name);
        }

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        /** The first column of every row of {@code sql}, as text. */
        public List<String> column(String sql) {
            try (Connection connection = dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (result.next()) {
                    values.add(result.getString(1));
                }
                return values;
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /** The single value of {@code sql}, as text. */
        public String value(String sql) {
            List<String> values = column(sql);
            if (values.size() != 1) {
                throw new IllegalStateException(sql + " returned " + values.size() + " rows");
            }
            return values.get(0);
        }

        /** Runs {@code sql} (one or more statements). */
        public void execute(String sql) {
            try (Connection connection = dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        /**
         * The history of {@code schema} as {@code "family Vn artifactVersion success"} lines, in the
         * order the rows were written; empty when the history table does not exist.
         */
        public List<String> history(String schema) {
            String table = TestServer.quote(schema) + ".schema_registry_history";
            if (value("SELECT to_regclass('" + table.replace("'", "''") + "') IS NULL").equals("t")) {
                return List.of();
            }
            return column("SELECT family || ' V' || version || ' ' || artifact_version || ' ' || success FROM " + table
                    + " ORDER BY installed_at, family, version");
        }

        /** The schemas of the database that are not PostgreSQL's own, sorted. */
        public List<String> schemas() {
            return column("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                    + " AND nspname <> 'information_schema' ORDER BY nspname");
        }

        /** The tables of {@code schema}, sorted (partitions included). */
        public List<String> tables(String schema) {
            return column("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.replace("'", "''")
                    + "' ORDER BY tablename");
        }

        /** The columns of {@code schema.table}, in order. */
        public List<String> columns(String schema, String table) {
            return column("SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                    + schema.replace("'", "''") + "' AND table_name = '" + table.replace("'", "''")
                    + "' ORDER BY ordinal_position");
        }
    }
}
