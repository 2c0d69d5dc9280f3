package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --wait-for-db}: a database that comes up late is waited for; one that never does ends with exit 4. */
class WaitForDatabaseTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void serverStartedLateIsWaitedForThenMigrated() throws Exception {
        Path events = Cli.events("1.0.0").writeTo(directory);
        int port = Cli.freePort();
        Cli.Output output = new Cli.Output();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread cli = new Thread(() -> exitCode.set(output.commandLine(Map.of()).execute(Cli.args("apply",
                "--url", "jdbc:postgresql://localhost:" + port + "/postgres", "--user", "postgres",
                "--wait-for-db", "90s", "--log-format", "json", Cli.classpath(events)))), "migrator-waiting");
        cli.start();
        awaitWaitingLines(output, 2);

        try (EmbeddedServer late = EmbeddedServer.builder().port(port).start()) {
            cli.join(Duration.ofSeconds(90).toMillis());
            assertThat(cli.isAlive()).isFalse();

            assertThat(exitCode.get()).as(output.out + "\n" + output.err).isZero();
            TestPostgres.Database migrated = new TestPostgres.Database(
                    TestServer.of(late.kind(), late::jdbcUrl, late.user(), late.password()), TestServer.MAINTENANCE_DATABASE);
            assertThat(migrated.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        }
        List<JsonNode> lines = events(output.err.toString());
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("database.waiting")).allSatisfy(e -> {
            assertThat(e.get("url").asText()).isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres");
            // Refused until the postmaster listens; an attempt in its first instants meets "starting up" (57P03).
            assertThat(e.get("error").asText().contains("refused") || e.get("sqlState").asText().equals("57P03"))
                    .as(e.toString()).isTrue();
            assertThat(e.get("retryInMillis").asLong()).isPositive();
        });
        assertThat(lines).filteredOn(e -> e.get("event").asText().equals("database.available"))
                .singleElement().satisfies(e -> assertThat(e.get("attempts").asInt()).isGreaterThan(2));
    }

    @Test
    void databaseThatNeverComesUpEndsWithExitCode4NamingTheLastError() {
        int port = Cli.freePort();

        Result result = Cli.run("status", "--url", "jdbc:postgresql://localhost:" + port + "/app", "--wait-for-db", "2s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).containsPattern("waiting for the database at jdbc:postgresql://localhost:" + port
                        + "/app \\(attempt 1, \\d+\\.\\d s left\\): Connection to localhost:" + port + " refused")
                .containsPattern("did not accept connections within 2\\.0 s \\(--wait-for-db; \\d+ attempts\\); the last"
                        + " error: Connection to localhost:" + port + " refused");
    }

    @Test
    void failureThatWaitingCannotCureIsNotRetried() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        List<String> args = new ArrayList<>(Cli.connect(database));
        args.set(1, database.server().jdbcUrl("no_such_database_" + ProcessHandle.current().pid()));

        Result result = Cli.run(Cli.args("status", args, "--wait-for-db", "5m"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).contains("does not exist", "[SQLSTATE 3D000]").doesNotContain("waiting for the database");
    }

    @Test
    void durationsAreWrittenAsPeopleAndManifestsWriteThem() {
        assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DurationConverter.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));

        Result result = Cli.run("status", "--wait-for-db", "soon");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'soon' is not a duration");
    }

    private static void awaitWaitingLines(Cli.Output output, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (output.err.toString().split("\"event\":\"database.waiting\"", -1).length > count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + count + " waiting lines:\n" + output.err);
    }

    static List<JsonNode> events(String stderr) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(MAPPER.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("stderr line is not JSON: " + line, e);
            }
        }
        return events;
    }
}
