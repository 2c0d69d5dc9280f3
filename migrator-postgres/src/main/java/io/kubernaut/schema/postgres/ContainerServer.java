package io.kubernaut.schema.postgres;

import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL server in a Docker container started through Testcontainers.
 *
 * <p>The image may be any PostgreSQL image that behaves like the official one (for example one
 * built locally); it is declared a compatible substitute for {@code postgres}. The data directory
 * is a tmpfs, and durability settings are off, because these servers serve tests.
 *
 * @since 0.1.0
 */
public final class ContainerServer implements PostgresServer {

    /** The image used when none is configured. */
    public static final String DEFAULT_IMAGE = "postgres:17";

    /**
     * The data directory on tmpfs, owned by the image's postgres user (uid 999 in the official and
     * Debian-built images), because images that start as that user cannot chown a root-owned mount.
     */
    private static final String TMPFS_OPTIONS = "rw,uid=999,gid=999,mode=0700";

    private final PostgreSQLContainer container;

    private ContainerServer(PostgreSQLContainer container) {
        this.container = container;
    }

    /**
     * True when Testcontainers can reach a Docker engine. Checking takes a moment the first time
     * and is then cached by Testcontainers. Never throws.
     */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts a container from {@code image}; throws {@link PostgresServerException} when it cannot. */
    public static ContainerServer start(String image) {
        Objects.requireNonNull(image, "image");
        PostgreSQLContainer container;
        try {
            container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withTmpFs(Map.of("/var/lib/postgresql/data", TMPFS_OPTIONS))
                    .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                            "-c", "full_page_writes=off", "-c", "max_connections=300");
            container.start();
        } catch (RuntimeException e) {
            throw new PostgresServerException("Cannot start a PostgreSQL container from image '" + image
                    + "' through Testcontainers: " + e.getMessage() + ". Check that a Docker engine is running"
                    + " and the image exists locally or can be pulled (without a registry, set"
                    + " TESTCONTAINERS_HOST_OVERRIDE=localhost and TESTCONTAINERS_RYUK_DISABLED=true).", e);
        }
        return new ContainerServer(container);
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    /** The image the container runs. */
    public String image() {
        return container.getDockerImageName();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public DataSource dataSource(String database) {
        return DataSources.of(jdbcUrl(database), user(), password());
    }

    @Override
    public void close() {
        container.stop();
    }
}
