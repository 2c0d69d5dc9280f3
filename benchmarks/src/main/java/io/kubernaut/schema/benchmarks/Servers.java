package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Options.ServerKind;
import io.kubernaut.schema.postgres.ContainerServer;
import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Starts the servers benchmarks run on, configured as the test extension configures them. */
final class Servers {

    private Servers() {
    }

    /**
     * A running server and how to describe it.
     *
     * @param server        the server
     * @param versionNumber {@code server_version_num}, e.g. 170007
     * @param description   version and where the data lives
     */
    record Started(PostgresServer server, int versionNumber, String description) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    /** Starts a server of {@code kind}, as the extension would start it (data on tmpfs, durability off). */
    static Started start(ServerKind kind, Options options) throws SQLException {
        PostgresServer server;
        String storage;
        switch (kind) {
            case EMBEDDED -> {
                EmbeddedServer embedded = EmbeddedServer.start();
                server = embedded;
                storage = "data directory " + embedded.dataDirectory() + " (" + Machine.fileSystemOf(embedded.dataDirectory()) + ")";
            }
            case TESTCONTAINERS -> {
                ContainerServer container = ContainerServer.start(options.image());
                server = container;
                storage = "image " + container.image() + ", data directory on a tmpfs mount in the container";
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version'),"
                        + " current_setting('server_version_num')::int, current_setting('fsync'),"
                        + " current_setting('full_page_writes'), current_setting('synchronous_commit')")) {
            result.next();
            String description = server.kind() + ": PostgreSQL " + result.getString(1) + ", " + storage + ", fsync="
                    + result.getString(3) + ", full_page_writes=" + result.getString(4) + ", synchronous_commit="
                    + result.getString(5);
            return new Started(server, result.getInt(2), description);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
