package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test (at least) per exit code, in the human and the --json form. */
class ExitCodeTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path events;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        events = Cli.events("1.2.0").writeTo(jars.resolve("1.2.0"));
    }

    private Path broken() {
        return FamilyJar.family("broken").version("1.0.0")
                .migration("V1__create_broken.sql", "CREATE TABLE IF NOT EXISTS broken (id INT);")
                .migration("V2__bad_column.sql", "-- adds a column of a type that does not exist\n"
                        + "ALTER TABLE broken\n"
                        + "  ADD COLUMN kind no_such_type;\n")
                .migration("V3__after.sql", "CREATE TABLE IF NOT EXISTS after_broken (id INT);")
                .writeTo(jars);
    }

    @Test
    void failingMigrationExitsWith1WithFileLineAndSqlStateOnStderr() {
        Result result = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(broken())));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("error: migration 'broken' V2 (V2__bad_column.sql:3) failed: ")
                .contains("no_such_type", "[SQLSTATE 42704]")
                .doesNotContain("\tat ", "Exception");
        assertThat(result.out()).contains("broken V2 (V2__bad_column.sql) bad column ... FAILED");
        assertThat(database.column("SELECT family || ' V' || version || ' ' || success FROM schema_registry_history"))
                .containsExactly("broken V1 true");
        assertThat(database.tables("public")).doesNotContain("after_broken");
    }

    @Test
    void failingMigrationAsJsonErrorWithItsData() {
        Result result = Cli.run(Cli.args("apply", "--json", Cli.connect(database), Cli.classpath(broken())));

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode error = result.json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("MigrationFailedException");
        assertThat(error.get("exitCode").asInt()).isEqualTo(1);
        assertThat(error.get("message").asText()).startsWith("migration 'broken' V2 (V2__bad_column.sql:3) failed: ");
        assertThat(error.get("family").asText()).isEqualTo("broken");
        assertThat(error.get("version").asInt()).isEqualTo(2);
        assertThat(error.get("script").asText()).isEqualTo("V2__bad_column.sql");
        assertThat(error.get("line").asInt()).isEqualTo(3);
        assertThat(error.get("sqlState").asText()).isEqualTo("42704");
        assertThat(error.get("statement").asText()).contains("ADD COLUMN kind no_such_type");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Result result = Cli.run(Cli.args("apply", "--verbose", Cli.connect(database), Cli.classpath(broken())));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("MigrationFailedException", "\tat ");
    }

    @Test
    void unknownTableExitsWith2ListingWhatIsAvailable() {
        Result result = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events), "--tables", "evnets"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown table or family 'evnets'. Available tables: 'events'; families: 'events'");
        assertThat(database.tables("public")).isEmpty();

        JsonNode error = Cli.run(Cli.args("plan", "--json", Cli.connect(database), Cli.classpath(events), "--tables", "evnets"))
                .json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("UnknownSelectionException");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("unknown")).extracting(JsonNode::asText).containsExactly("evnets");
        assertThat(error.get("availableTables")).extracting(JsonNode::asText).containsExactly("events");
    }

    @Test
    void unknownTableFailsBeforeAnEmbeddedPostgresIsStarted() {
        Result result = Cli.run(Cli.args("up", Cli.classpath(events), "--families", "events,evnets"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Unknown table or family 'evnets'")
                .doesNotContain("embedded PostgreSQL");
        assertThat(Cli.run(Cli.args("apply", Cli.classpath(events), "--tables", "evnets")).err())
                .startsWith("error: Unknown table or family 'evnets'");
    }

    @Test
    void badOptionExitsWith2WithOneMessageAndWhereToFindHelp() {
        Result result = Cli.run("apply", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'", "Try 'migrator apply --help'");
        assertThat(result.out()).isEmpty();

        Result json = Cli.run("apply", "--json", "--frobnicate");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.json().at("/error/exitCode").asInt()).isEqualTo(2);
        assertThat(json.json().at("/error/message").asText()).contains("--frobnicate");
    }

    @Test
    void invalidValuesAndAMissingCommandExitWith2() {
        assertThat(Cli.run("apply", "--lock-wait", "soon").exitCode()).isEqualTo(2);
        Result negative = Cli.run(Cli.args("apply", Cli.connect(database), "--lock-wait", "-5"));
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("lock wait must not be negative");
        assertThat(Cli.run("apply", "--url", "jdbc:mysql://localhost/db").exitCode()).isEqualTo(2);
        assertThat(Cli.run("up", "--port", "70000").exitCode()).isEqualTo(2);
        Result none = Cli.run();
        assertThat(none.exitCode()).isEqualTo(2);
        // Every command of picocli's model, once, with no alias and no help.
        assertThat(none.err()).contains("Missing a command: list, plan, apply, status, validate, verify, adopt, up,",
                "compat, config, lint", " or repair");
        assertThat(java.util.Arrays.stream(none.err().lines().findFirst().orElseThrow().split("[:,]| or "))
                .map(String::strip)).doesNotContain("migrate", "info", "help");
    }

    @Test
    void editedMigrationExitsWith3AndValidateReportsIt() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));
        Path edited = FamilyJar.family("events").version("1.2.1")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY, at TIMESTAMPTZ);")
                .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;\n"
                        + "CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind);")
                .writeTo(jars.resolve("1.2.1"));

        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(edited)));

        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(3);
        assertThat(apply.err()).contains("migration 'events' V1 (V1__create_events.sql) was applied by events 1.2.0 with checksum",
                "but events 1.2.1 has checksum", "Nothing was applied.");

        Result validate = Cli.run(Cli.args("validate", Cli.connect(database), Cli.classpath(edited)));
        assertThat(validate.exitCode()).isEqualTo(3);
        assertThat(validate.out()).contains("Schema 'public' has 1 conflict(s):", "V1 (V1__create_events.sql)");

        JsonNode json = Cli.run(Cli.args("validate", "--json", Cli.connect(database), Cli.classpath(edited))).json();
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.at("/conflicts/0/type").asText()).isEqualTo("ChecksumMismatch");
        assertThat(json.at("/conflicts/0/family").asText()).isEqualTo("events");
        assertThat(json.at("/conflicts/0/version").asInt()).isEqualTo(1);
        assertThat(json.at("/conflicts/0/appliedArtifactVersion").asText()).isEqualTo("1.2.0");
    }

    @Test
    void duplicateFamilyExitsWith3NamingBothJars() {
        Path newer = Cli.events("1.3.0").writeTo(jars.resolve("1.3.0"));

        Result list = Cli.run(Cli.args("list", Cli.classpath(events, newer)));
        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events, newer)));

        for (Result result : new Result[] {list, apply}) {
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("family 'events' is provided 2 times on the classpath",
                    events + " (version 1.2.0)", newer + " (version 1.3.0)",
                    "With the CLI, give each family once: drop one of the --classpath entries that provide it");
        }
        JsonNode error = Cli.run(Cli.args("list", "--json", Cli.classpath(events, newer))).json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("ConflictException");
        assertThat(error.at("/conflicts/0/type").asText()).isEqualTo("DuplicateFamily");
        assertThat(error.at("/conflicts/0/sources")).hasSize(2);
    }

    @Test
    void databaseAheadExitsWith3UnlessAllowed() {
        Path newer = Cli.events("1.3.0").migration("V3__add_source.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS source TEXT;")
                .writeTo(jars.resolve("1.3.0"));
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(newer)));

        Result refused = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err()).contains("the database has migrations V3 of 'events'", "--allow-ahead");

        Result allowed = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events), "--allow-ahead"));
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    }

    @Test
    void unreachableServerExitsWith4() {
        Result result = Cli.run("status", "--url", "jdbc:postgresql://localhost:" + Cli.freePort() + "/nowhere",
                "--user", "postgres");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).containsPattern("(?m)^error: Cannot connect to PostgreSQL: Connection to localhost:\\d+ refused");

        Result json = Cli.run("status", "--json", "--url", "jdbc:postgresql://localhost:" + Cli.freePort() + "/nowhere");
        assertThat(json.json().at("/error/type").asText()).isEqualTo("DatabaseUnavailableException");
        assertThat(json.json().at("/error/exitCode").asInt()).isEqualTo(4);
    }

    @Test
    void lockHeldPastTheWaitExitsWith4NamingTheHolder() throws Exception {
        Path slow = FamilyJar.family("slow").version("1.0.0")
                .migration("V1__slow.sql", "SELECT pg_sleep(5);\nCREATE TABLE IF NOT EXISTS slow (id INT);")
                .writeTo(jars);
        CompletableFuture<Result> holder = CompletableFuture.supplyAsync(
                () -> Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(slow))));
        awaitAdvisoryLock(Duration.ofSeconds(20));

        Result waiter = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(slow), "--lock-wait", "1"));

        assertThat(waiter.exitCode()).as(waiter.toString()).isEqualTo(4);
        assertThat(waiter.err()).contains("Timed out after", "waiting for the migration lock of schema 'public', held by pid ",
                "application_name 'schema-migrator'");
        assertThat(holder.get().exitCode()).isZero();
    }

    private void awaitAdvisoryLock(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String sql = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        while (database.value(sql).equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the first migrator never took the lock");
            }
            Thread.sleep(20);
        }
    }
}
