package io.kubernaut.schema.migrator.testing;

import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL in Docker through Testcontainers, data on tmpfs and durability off. Its own class, so
 * the modules whose tests never choose it need no Testcontainers on their classpath.
 */
final class ContainerTestServer implements TestServer {

    private final PostgreSQLContainer container;

    private ContainerTestServer(PostgreSQLContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerTestServer start(String image) {
        // uid 999: the postgres user of the official and Debian-built images, which cannot chown a root-owned mount.
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withTmpFs(Map.of("/var/lib/postgresql/data", "rw,uid=999,gid=999,mode=0700"))
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                        "-c", "full_page_writes=off", "-c", "max_connections=300");
        container.start();
        return new ContainerTestServer(container);
    }

    @Override
    public String kind() {
        return "testcontainers";
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
    public void close() {
        container.stop();
    }
}
