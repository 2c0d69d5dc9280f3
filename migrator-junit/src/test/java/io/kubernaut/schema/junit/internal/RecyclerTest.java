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
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * A test database given back is handed out again only when it is as good as a new clone: rows and
 * sequence values are put back; anything else (DDL, changed seed rows, a session left open) has it
 * dropped instead. Each case runs both ways a reset can check: by the write counters the pool's sessions
 * publish (the test used only the pool), and exactly, by the rows (the test connected by itself).
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
            statement.execute("CREATE TABLE events (day date NOT NULL, what text, held boolean NOT NULL DEFAULT false)"
                    + " PARTITION BY RANGE (day)");
            statement.execute("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
            // As audit_events' legal hold: a row under hold cannot be deleted.
            statement.execute("CREATE FUNCTION refuse_held() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF OLD.held THEN RAISE EXCEPTION 'held'; END IF; RETURN OLD; END $$");
            statement.execute("CREATE TRIGGER events_held BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_held()");
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
                CloneStrategy.SERVER_DEFAULT, Pools.on(server), true);
    }

    @AfterEach
    void closeTemplate() throws InterruptedException {
        template.stopRefilling();
        background.shutdown();
        background.awaitTermination(30, TimeUnit.SECONDS);
        template.close();
    }

    @ParameterizedTest(name = "connected by itself: {0}")
    @ValueSource(booleans = {false, true})
    void aDatabaseWhoseRowsAndSequencesChangedIsEmptiedAndHandedOutAgain(boolean byItself) throws Exception {
        Template.Clone used = template.take();
        execute(used, byItself, "INSERT INTO parents (kind) VALUES (1), (1)",
                "INSERT INTO children SELECT id FROM parents",
                "INSERT INTO events VALUES ('2026-05-01', 'x', false), ('2026-06-01', 'held', true)",
                "SELECT nextval('tickets'), nextval('tickets')");

        Template.Clone next = giveBackAndTake(used, byItself);

        assertThat(next.database()).isEqualTo(used.database());
        assertThat(next.pool()).isSameAs(used.pool());
        assertThat(number(next, "SELECT count(*) FROM parents")).isZero();
        assertThat(number(next, "SELECT count(*) FROM children")).isZero();
        assertThat(number(next, "SELECT count(*) FROM events")).isZero();
        assertThat(number(next, "SELECT count(*) FROM kinds WHERE name = 'seeded'")).isEqualTo(1);
        assertThat(number(next, "SELECT nextval('tickets')")).isEqualTo(1);
        execute(next, false, "INSERT INTO parents (kind) VALUES (1)");
        assertThat(number(next, "SELECT max(id) FROM parents")).isEqualTo(1);
        // Emptying turned triggers and foreign-key checks off for itself only.
        assertThat(number(next, "SELECT count(*) FROM pg_settings WHERE name = 'session_replication_role' AND setting = 'origin'"))
                .isEqualTo(1);
        execute(next, false, "INSERT INTO events VALUES ('2026-07-01', 'held', true)");
        assertThat(failure(next, "DELETE FROM events")).contains("held");
        assertThat(failure(next, "INSERT INTO children VALUES (12345)")).contains("foreign key");
    }

    @ParameterizedTest(name = "connected by itself: {0}")
    @ValueSource(booleans = {false, true})
    void aDatabaseChangedByDdlIsDroppedNotHandedOutAgain(boolean byItself) throws Exception {
        Template.Clone used = template.take();
        execute(used, byItself, "CREATE TABLE left_behind (id int)");

        Template.Clone next = giveBackAndTake(used, byItself);

        assertThat(next.database()).isNotEqualTo(used.database());
        assertThat(exists(used.database())).isFalse();
        assertThat(used.pool().isClosed()).isTrue();
        assertThat(number(next, "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'")).isZero();
    }

    @ParameterizedTest(name = "connected by itself: {0}")
    @ValueSource(booleans = {false, true})
    void aDroppedObjectIsDdlToo(boolean byItself) throws Exception {
        Template.Clone next = takeAfterADroppedOne(byItself, "DROP SEQUENCE tickets");

        assertThat(number(next, "SELECT count(*) FROM pg_class WHERE relname = 'tickets'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "connected by itself: {0}")
    @ValueSource(booleans = {false, true})
    void aDisabledTriggerOrAGrantIsDdlToo(boolean byItself) throws Exception {
        Template.Clone next = takeAfterADroppedOne(byItself, "ALTER TABLE parents DISABLE TRIGGER ALL");

        template.giveBack(next, false);
        takeAfterADroppedOne(byItself, "GRANT SELECT ON kinds TO PUBLIC");
    }

    @ParameterizedTest(name = "connected by itself: {0}")
    @ValueSource(booleans = {false, true})
    void aDatabaseWhoseSeedRowsChangedIsDropped(boolean byItself) throws Exception {
        Template.Clone next = takeAfterADroppedOne(byItself, "UPDATE kinds SET name = 'changed'");

        assertThat(number(next, "SELECT count(*) FROM kinds WHERE name = 'seeded'")).isEqualTo(1);
    }

    @Test
    void aDatabaseWithASessionLeftOpenIsDropped() throws Exception {
        Template.Clone used = template.take();
        try (Connection leftOpen = server.dataSource(used.database()).getConnection()) {
            Template.Clone next = giveBackAndTake(used, true);

            assertThat(next.database()).isNotEqualTo(used.database());
            assertThat(leftOpen.isValid(2)).isFalse();
        }
    }

    @Test
    void aDatabaseWithAPooledConnectionNotGivenBackIsDropped() throws Exception {
        Template.Clone used = template.take();
        Connection leftOpen = used.pool().getConnection();

        Template.Clone next = giveBackAndTake(used, false);

        assertThat(next.database()).isNotEqualTo(used.database());
        assertThat(exists(used.database())).isFalse();
        assertThat(leftOpen.isValid(2)).isFalse();
    }

    @Test
    void thePooledConnectionsComeBackWithTheirSessionsEndedButTheirServerProcessesKept() throws Exception {
        Template.Clone used = template.take();
        int backend;
        try (Connection connection = used.pool().getConnection(); Statement statement = connection.createStatement()) {
            backend = connection.unwrap(PGConnection.class).getBackendPID();
            statement.execute("SET statement_timeout = '1234ms'");
            statement.execute("SET search_path = pg_catalog");
            statement.execute("SELECT pg_advisory_lock(42)");
            statement.execute("PREPARE left_behind AS SELECT 1");
        }

        Template.Clone next = giveBackAndTake(used, false);

        assertThat(next.pool()).isSameAs(used.pool());
        try (Connection connection = next.pool().getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isEqualTo(backend);
            assertThat(text(statement, "SHOW statement_timeout")).isEqualTo("0");
            assertThat(text(statement, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(text(statement, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isEqualTo("0");
            assertThat(text(statement, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'left_behind'")).isEqualTo("0");
        }
    }

    @Test
    void aTemporaryTableHasTheDatabaseDropped() throws Exception {
        Template.Clone used = template.take();
        execute(used, false, "CREATE TEMPORARY TABLE scratch (id int)");

        assertThat(giveBackAndTake(used, false).database()).isNotEqualTo(used.database());
    }

    /** Runs {@code sql} on a database taken, gives it back, asserts it was dropped; the database taken next. */
    private Template.Clone takeAfterADroppedOne(boolean byItself, String sql) throws Exception {
        Template.Clone used = template.take();
        execute(used, byItself, sql);

        Template.Clone next = giveBackAndTake(used, byItself);

        assertThat(next.database()).isNotEqualTo(used.database());
        assertThat(exists(used.database())).isFalse();
        return next;
    }

    private Template.Clone giveBackAndTake(Template.Clone used, boolean byItself) throws Exception {
        template.giveBack(used, byItself);
        background.submit(() -> { }).get();   // the single background thread has reset or dropped it
        return template.take();
    }

    /** Runs {@code sql} through the clone's pool, or on a connection of its own (closed after). */
    private static void execute(Template.Clone clone, boolean byItself, String... sql) throws SQLException {
        DataSource source = byItself ? server.dataSource(clone.database()) : clone.pool();
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static String failure(Template.Clone clone, String sql) {
        try {
            execute(clone, false, sql);
            return "no failure";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static long number(Template.Clone clone, String sql) throws SQLException {
        try (Connection connection = clone.pool().getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static boolean exists(String database) throws SQLException {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }
}
