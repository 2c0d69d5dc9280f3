package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each statement of a migration runs at most once per attempt: a failure is located without running
 * anything again. A sequence counts the runs, as {@code nextval} is never rolled back.
 */
class AtMostOnceTest {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS events (id INT);\n"
            + "CREATE SEQUENCE IF NOT EXISTS runs;";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(String v2, MigrationConfig config) {
        return Migrator.using(database.dataSource()).withConfig(config)
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                        .migration("V1__create_events.sql", CREATE)
                        .migration("V2__fill.sql", v2)
                        .writeTo(jars))));
    }

    private String runs(String schema) {
        return database.value("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + schema + ".runs");
    }

    @Test
    void aFailingStatementIsLocatedWithoutRunningTheStatementsBeforeItAgain() {
        Migrator migrator = migrator("SELECT nextval('runs');\nINSERT INTO events VALUES (1);\n\nSELECT 1 / 0;\n"
                + "INSERT INTO events VALUES (2);", MigrationConfig.defaults());

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.getMessage()).startsWith("migration 'events' V2 (V2__fill.sql:4) failed: division by zero");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.statement()).isEqualTo("SELECT 1 / 0");
        assertThat(runs("public")).isEqualTo("1");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("0");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }

    @Test
    void theSameStatementTwiceInAScriptIsLocatedAtTheOneThatFails() {
        // Two identical statements: the entry number, not the text, tells which one failed.
        Migrator migrator = migrator("SELECT nextval('runs');\nINSERT INTO events VALUES (1);\n"
                + "CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);\nINSERT INTO events VALUES (1);",
                MigrationConfig.defaults());

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.sqlState()).isEqualTo("23505");
        assertThat(e.line()).isEqualTo(4);
        assertThat(runs("public")).isEqualTo("1");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("0");
    }

    @Test
    void aStatementCancelledByAnAdministratorIsReportedAsSuchAndNotRunAgain() throws Exception {
        Migrator migrator = migrator("SELECT nextval('runs');\nINSERT INTO events VALUES (1);\nSELECT pg_sleep(60);",
                MigrationConfig.defaults());
        CompletableFuture<MigrationFailedException> failure = CompletableFuture.supplyAsync(
                () -> catchThrowableOfType(MigrationFailedException.class, migrator::apply));

        cancelWhenRunning("SELECT pg_sleep(60)");
        MigrationFailedException e = failure.get(30, TimeUnit.SECONDS);

        assertThat(e.sqlState()).isEqualTo("57014");
        assertThat(e.getMessage()).contains("(V2__fill.sql:3) failed: cancelled by an administrator or a statement_timeout",
                "canceling statement due to user request", "[SQLSTATE 57014]");
        assertThat(runs("public")).isEqualTo("1");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("0");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }

    @Test
    void aStatementTimeoutIsReportedAsACancellationAndNotRunAgain() {
        Migrator migrator = migrator("SELECT nextval('runs');\nSET statement_timeout = '200ms';\nSELECT pg_sleep(5);",
                MigrationConfig.defaults());

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.sqlState()).isEqualTo("57014");
        assertThat(e.getMessage()).contains("(V2__fill.sql:3) failed: cancelled by an administrator or a statement_timeout");
        assertThat(runs("public")).isEqualTo("1");
    }

    @Test
    void allOrNothingLocatesTheFailureAndLeavesNothingCommitted() {
        Migrator migrator = migrator("INSERT INTO events VALUES (1);\nSELECT nextval('runs');\nSELECT 1 / 0;",
                MigrationConfig.builder().allOrNothing(true).schema("tenant").build());

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.line()).isEqualTo(3);
        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void aNonTransactionalFailureSaysWhichStatementsCommittedAndTheNextRunRunsTheScriptAgain() {
        String script = "-- migrator: no-transaction\nSELECT nextval('runs');\n"
                + "INSERT INTO events SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = 1);\n"
                + "SELECT 1 / (SELECT count(*) FROM events WHERE id = 2)::int;";
        Path jar = FamilyJar.family("events")
                .migration("V1__create_events.sql", CREATE)
                .migration("V2__fill.sql", script)
                .nonTransactional("V2__fill.sql")
                .writeTo(jars);
        Migrator migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)));

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).contains("division by zero", "The statements before it (lines 2, 3) were committed",
                "the next run runs the whole script again");
        assertThat(runs("public")).isEqualTo("1");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("1");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 false");

        // What failed is fixed outside the migration; the next run runs the whole (idempotent) script once more.
        database.execute("INSERT INTO events VALUES (2)");
        ApplyResult next = migrator.apply();

        assertThat(next.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(runs("public")).isEqualTo("2");
        assertThat(database.column("SELECT id FROM events ORDER BY id")).containsExactly("1", "2");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    /** Cancels (pg_cancel_backend) the backend running {@code query} once it runs; fails after 20 s. */
    private void cancelWhenRunning(String query) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String escaped = query.replace("'", "''");
        while (System.nanoTime() < deadline) {
            if (database.value("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE query = '" + escaped
                    + "' AND state = 'active' AND pid <> pg_backend_pid()").equals("1")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No backend ran " + query + " within 20 s");
    }
}
