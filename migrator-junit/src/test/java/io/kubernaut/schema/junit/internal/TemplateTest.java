package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clones made ahead come with their first connection open; unused ones are closed and dropped. */
class TemplateTest {

    private static EmbeddedServer server;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @BeforeAll
    static void start() throws SQLException {
        server = EmbeddedServer.start();
        server.createDatabase("tpl", null);
        try (Connection connection = server.dataSource("tpl").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Template template(ExecutorService background) {
        return new Template(server, "tpl", () -> "tpl_clone_" + SEQUENCE.incrementAndGet(), 1, background,
                CloneStrategy.SERVER_DEFAULT, Pools.on(server), false);
    }

    @Test
    void aCloneMadeAheadComesWithAPoolWhoseFirstConnectionIsAlreadyOpen() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            Template template = template(background);
            background.submit(() -> { }).get();   // the refill queued before has run

            Template.Clone clone = template.take();

            assertThat(sessionsOn(clone.database())).isEqualTo(1);
            assertThat(clone.pool().getHikariPoolMXBean().getIdleConnections()).isEqualTo(1);
            try (Connection connection = clone.pool().getConnection()) {
                assertThat(connection.getCatalog()).isEqualTo(clone.database());
            }
            assertThat(sessionsOn(clone.database())).isEqualTo(1);   // the test got the connection opened ahead
            template.stopRefilling();
            background.shutdown();
            background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            template.close();
            clone.pool().close();
            server.dropDatabase(clone.database());
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void everyCloneIsMarkedForReuseAlsoWhenPreparedWhileTheFirstIsRead() throws Exception {
        // Two background threads clone ahead while the test takes one on demand: three clones prepared at
        // once, one of them reads the Recycler; the others must wait for it, not go unmarked (never reused).
        ExecutorService background = Executors.newFixedThreadPool(2);
        Template template = new Template(server, "tpl", () -> "tpl_clone_" + SEQUENCE.incrementAndGet(), 2, background,
                CloneStrategy.SERVER_DEFAULT, Pools.on(server), true);
        List<Template.Clone> taken = new ArrayList<>();
        try {
            taken.add(template.take());
            background.submit(() -> { }).get();
            background.submit(() -> { }).get();
            taken.add(template.take());
            taken.add(template.take());

            assertThat(taken).extracting(Template.Clone::mark).doesNotContainNull();
        } finally {
            template.stopRefilling();
            background.shutdown();
            background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            template.close();
            for (Template.Clone clone : taken) {
                clone.pool().close();
                server.dropDatabase(clone.database());
            }
        }
    }

    @Test
    void closingDropsTheClonesNobodyTookAndClosesTheirConnections() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        Template template = template(background);
        background.submit(() -> { }).get();
        String waiting = "tpl_clone_" + SEQUENCE.get();
        assertThat(sessionsOn(waiting)).isEqualTo(1);

        template.stopRefilling();
        background.shutdown();
        background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        template.close();

        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, waiting);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                assertThat(result.getInt(1)).isZero();
            }
        }
    }

    private static int sessionsOn(String database) throws SQLException {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND backend_type = 'client backend'")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
