package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test database given back is handed out again only when it is as good as a new clone: rows and
 * sequence values are put back; anything else (DDL, changed seed rows, a session left open) has it
 * dropped instead.
 */
class RecyclerTest {

    private static EmbeddedServer server;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private ExecutorService background;
    private Template template;

    @BeforeAll
    static void start() throws SQLException {
        server = EmbeddedServer.start();
        server.createDatabase("recycled_tpl", null);
        try (Connection connection = server.dataSource("recycled_tpl").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kinds (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO kinds VALUES (1, 'seeded')");
            statement.execute("CREATE TABLE parents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind int REFERENCES kinds)");
            statement.execute("CREATE TABLE children (parent bigint NOT NULL REFERENCES parents)");
            statement.execute("CREATE TABLE events (day date NOT NULL, what text) PARTITION BY RANGE (day)");
            statement.execute("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
            statement.execute("CREATE SEQUENCE tickets");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void newTemplate() {
        background = Executors.newSingleThreadExecutor();
        template = new Template(server, "recycled_tpl", () -> "recycled_" + SEQUENCE.incrementAndGet(), 0, background,
                CloneStrategy.SERVER_DEFAULT, server::dataSource, true);
    }

    @AfterEach
    void closeTemplate() throws InterruptedException {
        template.stopRefilling();
        background.shutdown();
        background.awaitTermination(30, TimeUnit.SECONDS);
        template.close();
    }

    @Test
    void aDatabaseWhoseRowsAndSequencesChangedIsEmptiedAndHandedOutAgain() throws Exception {
        Template.Clone used = template.take();
        execute(used.database(), "INSERT INTO parents (kind) VALUES (1), (1)",
                "INSERT INTO children SELECT id FROM parents",
                "INSERT INTO events VALUES ('2026-05-01', 'x')",
                "SELECT nextval('tickets'), nextval('tickets')");

        Template.Clone next = giveBackAndTake(used);

        assertThat(next.database()).isEqualTo(used.database());
        assertThat(next.opened()).isNotNull();
        assertThat(number(next.database(), "SELECT count(*) FROM parents")).isZero();
        assertThat(number(next.database(), "SELECT count(*) FROM children")).isZero();
        assertThat(number(next.database(), "SELECT count(*) FROM events")).isZero();
        assertThat(number(next.database(), "SELECT count(*) FROM kinds WHERE name = 'seeded'")).isEqualTo(1);
        assertThat(number(next.database(), "SELECT nextval('tickets')")).isEqualTo(1);
        execute(next.database(), "INSERT INTO parents (kind) VALUES (1)");
        assertThat(number(next.database(), "SELECT max(id) FROM parents")).isEqualTo(1);
        next.opened().close();
    }

    @Test
    void aDatabaseChangedByDdlIsDroppedNotHandedOutAgain() throws Exception {
        Template.Clone used = template.take();
        execute(used.database(), "CREATE TABLE left_behind (id int)");

        Template.Clone next = giveBackAndTake(used);

        assertThat(next.database()).isNotEqualTo(used.database());
        assertThat(exists(used.database())).isFalse();
        assertThat(number(next.database(), "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'")).isZero();
    }

    @Test
    void aDisabledTriggerOrAGrantIsDdlToo() throws Exception {
        Template.Clone used = template.take();
        execute(used.database(), "ALTER TABLE parents DISABLE TRIGGER ALL");

        Template.Clone next = giveBackAndTake(used);

        assertThat(next.database()).isNotEqualTo(used.database());
        Template.Clone granted = next;
        execute(granted.database(), "GRANT SELECT ON kinds TO PUBLIC");
        assertThat(giveBackAndTake(granted).database()).isNotEqualTo(granted.database());
    }

    @Test
    void aDatabaseWhoseSeedRowsChangedIsDropped() throws Exception {
        Template.Clone used = template.take();
        execute(used.database(), "UPDATE kinds SET name = 'changed'");

        Template.Clone next = giveBackAndTake(used);

        assertThat(next.database()).isNotEqualTo(used.database());
        assertThat(number(next.database(), "SELECT count(*) FROM kinds WHERE name = 'seeded'")).isEqualTo(1);
    }

    @Test
    void aDatabaseWithASessionLeftOpenIsDropped() throws Exception {
        Template.Clone used = template.take();
        try (Connection leftOpen = server.dataSource(used.database()).getConnection()) {
            Template.Clone next = giveBackAndTake(used);

            assertThat(next.database()).isNotEqualTo(used.database());
            assertThat(leftOpen.isValid(2)).isFalse();
        }
    }

    private Template.Clone giveBackAndTake(Template.Clone used) throws Exception {
        if (used.opened() != null) {
            used.opened().close();
        }
        template.giveBack(used);
        background.submit(() -> { }).get();   // the single background thread has reset or dropped it
        return template.take();
    }

    private static void execute(String database, String... sql) throws SQLException {
        try (Connection connection = server.dataSource(database).getConnection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static long number(String database, String sql) throws SQLException {
        try (Connection connection = server.dataSource(database).getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static boolean exists(String database) throws SQLException {
        return number(PostgresServer.MAINTENANCE_DATABASE, "SELECT count(*) FROM pg_database WHERE datname = '" + database + "'") > 0;
    }
}
