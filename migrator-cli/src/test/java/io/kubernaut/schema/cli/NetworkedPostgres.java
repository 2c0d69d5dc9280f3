package io.kubernaut.schema.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    private NetworkedPostgres(Network network, PostgreSQLContainer container) {
        this.network = network;
        this.container = container;
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

    /** A new, empty database; its name. */
    String newDatabase() {
        String name = "it_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute(container.getDatabaseName(), "CREATE DATABASE " + name);
        return name;
    }

    /** The tables of {@code database}'s public schema, sorted. */
    List<String> tables(String database) {
        return column(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    }

    /** {@code database}'s history as "family Vn success" lines, or empty without a history table. */
    List<String> history(String database) {
        if (column(database, "SELECT to_regclass('public.schema_registry_history') IS NULL").get(0).equals("t")) {
            return List.of();
        }
        return column(database, "SELECT family || ' V' || version || ' ' || success FROM public.schema_registry_history"
                + " ORDER BY family, version");
    }

    private List<String> column(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database, user(), password());
    }

    @Override
    public void close() {
        container.stop();
        network.close();
    }
}
