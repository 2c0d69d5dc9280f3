package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Options.ServerKind;
import io.kubernaut.schema.postgres.ContainerServer;
import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.ServerChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    record Started(PostgresServer server, int versionNumber, String description, Path ownedDirectory)
            implements AutoCloseable {

        Started(PostgresServer server, int versionNumber, String description) {
            this(server, versionNumber, description, null);
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                if (ownedDirectory != null) {
                    TempDirectories.deleteRecursively(ownedDirectory);
                }
            }
        }
    }

    /**
     * Starts the server the tool comparison runs on: embedded PostgreSQL (this module's 15.x binaries)
     * with PostgreSQL's default durability ({@code fsync}, {@code synchronous_commit},
     * {@code full_page_writes} on) and its data directory on disk, under {@code java.io.tmpdir}, as a
     * real database would have it. A migration's commit then waits for its WAL to reach the disk, as it
     * does in production, and as the reference figures were measured; tmpfs or fsync=off would
     * hide exactly the per-commit cost that separates the tools.
     */
    static Started startDurable() throws SQLException, IOException {
        Path directory = Files.createTempDirectory("schema-benchmarks-pg-");
        EmbeddedServer embedded;
        try {
            embedded = EmbeddedServer.builder().dataDirectory(directory).durable(true).start();
        } catch (RuntimeException e) {
            TempDirectories.deleteRecursively(directory);
            throw e;
        }
        Started started = describe(embedded, "data directory " + directory + " (" + Machine.fileSystemOf(directory) + ")");
        return new Started(started.server(), started.versionNumber(), started.description(), directory);
    }


    /** Starts a server of {@code kind}, as the extension would start it (data on tmpfs, durability off). */
    static Started start(ServerKind kind, Options options) throws SQLException {
        ServerChoice choice = switch (kind) {
            case EMBEDDED -> ServerChoice.embedded("--servers");
            case TESTCONTAINERS -> ServerChoice.testcontainers(options.image(), "--servers");
        };
        PostgresServer server = choice.start();
        String storage;
        if (server instanceof EmbeddedServer embedded) {
            storage = "data directory " + embedded.dataDirectory() + " (" + Machine.fileSystemOf(embedded.dataDirectory()) + ")";
        } else if (server instanceof ContainerServer container) {
            storage = "image " + container.image() + ", data directory on a tmpfs mount in the container";
        } else {
            storage = server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE);
        }
        return describe(server, storage);
    }

    private static Started describe(PostgresServer server, String storage) throws SQLException {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version'),"
                        + " current_setting('server_version_num')::int, current_setting('fsync'),"
                        + " current_setting('full_page_writes'), current_setting('synchronous_commit'),"
                        + " current_setting('wal_sync_method'), current_setting('shared_buffers')")) {
            result.next();
            String description = server.kind() + ": PostgreSQL " + result.getString(1) + ", " + storage + ", fsync="
                    + result.getString(3) + ", full_page_writes=" + result.getString(4) + ", synchronous_commit="
                    + result.getString(5) + ", wal_sync_method=" + result.getString(6) + ", shared_buffers="
                    + result.getString(7);
            return new Started(server, result.getInt(2), description);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
