package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --log-format json}: one JSON object per stderr line and event, with stable names and fields,
 * while stdout keeps the result.
 */
class EventLogTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path events;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        events = Cli.events("1.0.0").writeTo(jars);
    }

    @Test
    void applyReportsEachEventAsOneJsonLineOnStderr() {
        Result result = Cli.run(Cli.args("apply", "--log-format", "json", Cli.connect(database), Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> lines = WaitForDatabaseTest.events(result.err());
        assertThat(lines).allSatisfy(e -> assertThat(e.fieldNames()).toIterable()
                .startsWith("time", "level", "event", "message"));
        assertThat(lines).extracting(e -> e.get("event").asText()).containsExactly("run.started", "lock.acquired",
                "apply.planned", "migration.started", "migration.finished", "migration.started", "migration.finished",
                "apply.finished", "run.finished");
        JsonNode finished = lines.get(4);
        assertThat(finished.get("family").asText()).isEqualTo("events");
        assertThat(finished.get("version").asInt()).isEqualTo(1);
        assertThat(finished.get("script").asText()).isEqualTo("V1__create_events.sql");
        assertThat(finished.get("durationMillis").isIntegralNumber()).isTrue();
        assertThat(lines.get(lines.size() - 1).get("exitCode").asInt()).isZero();
        assertThat(result.out()).as("the result stays on stdout, the progress leaves it")
                .contains("Applied 2 migrations").doesNotContain(" ... ok");
        assertThat(database.history("public")).hasSize(2);
    }

    @Test
    void failedMigrationIsAnEventWithItsSqlstate() {
        Path broken = FamilyJar.family("broken").version("1.0.0")
                .migration("V1__bad.sql", "CREATE TABLE IF NOT EXISTS broken (id no_such_type);").writeTo(jars);

        Result result = Cli.run(Cli.args("apply", "--log-format=json", "--json", Cli.connect(database),
                Cli.classpath(broken)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<JsonNode> lines = WaitForDatabaseTest.events(result.err());
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("migration.failed")).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("level").asText()).isEqualTo("error");
                    assertThat(e.get("sqlState").asText()).isEqualTo("42704");
                    assertThat(e.get("line").asInt()).isEqualTo(1);
                });
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("error")).singleElement()
                .satisfies(e -> assertThat(e.get("exitCode").asInt()).isEqualTo(1));
        assertThat(lines.get(lines.size() - 1).get("outcome").asText()).isEqualTo("failure");
        assertThat(result.json().at("/error/sqlState").asText()).as("--json keeps the result on stdout").isEqualTo("42704");
        assertThat(result.out().strip()).as("on one line").doesNotContain("\n");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void adoptionIsAnEventBeforeTheLaterMigrationsRun() {
        Path withSnapshots = Cli.events("1.0.0").withSnapshot().writeTo(jars.resolve("snapshots"));
        database.execute("CREATE TABLE events (id BIGINT PRIMARY KEY); INSERT INTO events VALUES (1)");

        Result result = Cli.run(Cli.args("apply", "--log-format", "json", "--json", Cli.connect(database),
                Cli.classpath(withSnapshots)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> lines = WaitForDatabaseTest.events(result.err());
        assertThat(lines).extracting(e -> e.get("event").asText()).containsSubsequence("apply.planned", "family.adopted",
                "migration.started", "migration.finished", "apply.finished");
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("family.adopted")).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("family").asText()).isEqualTo("events");
                    assertThat(e.get("version").asInt()).isEqualTo(1);
                    assertThat(e.get("kind").asText()).isEqualTo("adopted");
                    assertThat(e.get("note").asText()).contains("matches the snapshot of V1");
                });
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("migration.finished"))
                .extracting(e -> e.get("version").asInt()).containsExactly(2);
        assertThat(result.json().at("/adoptions/0/version").asInt()).isEqualTo(1);
        assertThat(result.json().at("/adoptions/0/kind").asText()).isEqualTo("adopted");
        assertThat(database.column("SELECT version || ' ' || kind FROM schema_registry_history ORDER BY version"))
                .containsExactly("1 adopted", "2 applied");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("1");
    }

    @Test
    void waitingForTheLockAndGettingItAreEvents() throws Exception {
        Cli.Output output = new Cli.Output();
        AtomicInteger exitCode = new AtomicInteger(-1);
        try (Connection holder = database.dataSource().getConnection()) {
            lock(holder, "pg_advisory_lock");
            Thread apply = new Thread(() -> exitCode.set(output.commandLine(Map.of()).execute(Cli.args("apply",
                    "--log-format", "json", "--lock-wait", "60", Cli.connect(database), Cli.classpath(events)))));
            apply.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!output.err.toString().contains("\"lock.waiting\"") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            lock(holder, "pg_advisory_unlock");
            apply.join(Duration.ofSeconds(60).toMillis());
        }

        assertThat(exitCode.get()).as(output.err.toString()).isZero();
        List<JsonNode> lines = WaitForDatabaseTest.events(output.err.toString());
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("lock.waiting")).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("waitMillis").asLong()).isEqualTo(60_000);
                    assertThat(e.at("/holder/pid").asInt()).isPositive();
                });
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("lock.acquired")).singleElement()
                .satisfies(e -> assertThat(e.get("waitedMillis").asLong()).isPositive());
    }

    @Test
    void usageErrorIsAnEventToo() {
        Result result = Cli.run(Map.of("MIGRATOR_LOG_FORMAT", "json"), "apply", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(WaitForDatabaseTest.events(result.err())).singleElement().satisfies(e -> {
            assertThat(e.get("event").asText()).isEqualTo("error");
            assertThat(e.get("message").asText()).contains("--no-such-option");
        });
    }

    private static void lock(Connection connection, String function) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, Migrator.lockKey("public"));
            statement.execute();
        }
    }
}
