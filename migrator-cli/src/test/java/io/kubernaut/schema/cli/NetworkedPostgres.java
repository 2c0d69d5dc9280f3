package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL container on a Docker network of its own, reachable from other containers on that
 * network as {@link #HOST}:5432 and from the test through its mapped port; one database per test.
 */
final class NetworkedPostgres implements AutoCloseable {

    /** The PostgreSQL container's name on the network. */
    static final String HOST = "postgres-db";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Network network;
    private final PostgreSQLContainer container;
    private final TestServer server;

    private NetworkedPostgres(Network network, PostgreSQLContainer container) {
        this.network = network;
        this.container = container;
        this.server = TestServer.of("testcontainers", database -> "jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(5432) + "/" + database, container.getUsername(), container.getPassword());
    }

    /** Starts the container from {@code schema.test.postgres-image}. */
    static NetworkedPostgres start() {
        MigratorImage.requireDocker();
        Network network = Network.newNetwork();
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName
                .parse(System.getProperty("schema.test.postgres-image", "postgres:17")).asCompatibleSubstituteFor("postgres"))
                .withNetwork(network).withNetworkAliases(HOST);
        container.start();
        return new NetworkedPostgres(network, container);
    }

    /** The network's id, for containers to join. */
    String network() {
        return network.getId();
    }

    String user() {
        return container.getUsername();
    }

    String password() {
        return container.getPassword();
    }

    /** A new, empty database, seen from the test (its name is what containers on the network connect to). */
    TestPostgres.Database newDatabase() {
        String name = "it_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        server.createDatabase(name, null);
        return new TestPostgres.Database(server, name);
    }

    @Override
    public void close() {
        container.stop();
        network.close();
    }
}
