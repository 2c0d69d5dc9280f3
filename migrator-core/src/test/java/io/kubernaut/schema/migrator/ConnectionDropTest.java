package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.BackgroundRun;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.LongFamily;
import io.kubernaut.schema.migrator.testing.Seeds;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: the migrator's connection dropped mid-run ({@code pg_terminate_backend} on its
 * backend, found by application_name, from another session), at random points of a long run: a
 * clear {@link DatabaseUnavailableException} naming the migration being applied, nothing
 * half-applied, and the next run completes with every migration applied once. See
 * docs/reliability.md.
 */
class ConnectionDropTest {

    private static final int DROPS = 12;
    private static final int EARLY_DROPS = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aConnectionDroppedAtRandomPointsFailsClearlyLeavesNothingHalfAppliedAndTheNextRunCompletes() throws Exception {
        Random random = Seeds.random("ConnectionDropTest");
        LongFamily family = LongFamily.quick();
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(family.writeTo(work)));
        long[] durations = LongFamily.durations(catalog);
        List<String> summary = new ArrayList<>();

        for (int drop = 0; drop < DROPS; drop++) {
            TestPostgres.Database database = TestPostgres.newDatabase();
            String application = "reliability-drop-" + drop;
            Migrator migrator = Migrator.using(TestServer.dataSource(database.jdbcUrl() + "?ApplicationName=" + application,
                    database.server().user(), database.server().password())).withCatalog(catalog);
            // The first drops hit the run as soon as its session exists (lock, history, schema creation),
            // the others at a point inside each migration in turn.
            boolean early = drop < EARLY_DROPS;
            long[] point = early ? new long[] {0, random.nextInt(5)}
                    : LongFamily.faultPoint(random, durations, drop - EARLY_DROPS, DROPS - EARLY_DROPS);

            BackgroundRun run;
            int terminated;
            try (Connection admin = database.dataSource().getConnection()) {
                run = BackgroundRun.start(migrator, LongFamily.MIGRATIONS, application);
                if (!early) {
                    assertThat(run.awaitStart((int) point[0], RUN_TIMEOUT)).as("drop %d: V%d started", drop, point[0])
                            .isTrue();
                }
                Thread.sleep(point[1]);
                terminated = terminate(admin, application, run);
            }
            Object outcome = run.outcome(RUN_TIMEOUT);
            String where = run.current() == null ? "before any migration"
                    : run.current().label() + (run.currentFinished() ? " (finished)" : "");
            summary.add("drop " + drop + " " + point[1] + " ms into " + (early ? "the run" : "V" + point[0]) + ", " + where + ": "
                    + (outcome instanceof Throwable t ? t.getClass().getSimpleName() : "completed (" + terminated + " terminated)"));

            if (outcome instanceof Throwable failure) {
                assertThat(failure).as("drop %d (%s)", drop, where).isInstanceOf(DatabaseUnavailableException.class);
                assertThat(failure.getMessage()).as("drop %d", drop).contains("SQLSTATE");
                if (run.current() != null && !run.currentFinished()) {
                    assertThat(failure.getMessage()).as("drop %d names what was being applied", drop)
                            .contains("while applying " + run.current().label());
                } else {
                    // Cut while connecting, taking the lock or reading the history.
                    assertThat(failure.getMessage()).as("drop %d names the schema or the connection", drop)
                            .containsAnyOf("schema 'public'", "Cannot connect to PostgreSQL");
                }
            }
            awaitGone(database, application);
            assertThat(family.violations(database, "public")).as("drop %d (%s): state after the drop", drop, where).isEmpty();

            ApplyResult next = Migrator.using(database.dataSource()).withCatalog(catalog)
                    .withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().lockWait(Duration.ofSeconds(10)).build()).apply();
            assertThat(family.incompleteness(database, "public")).as("drop %d: after the next run", drop).isEmpty();
            assertThat(next.applied().size() + next.alreadyApplied()).isEqualTo(LongFamily.MIGRATIONS);
        }
        System.out.println("[reliability] ConnectionDropTest (migrations take " + Arrays.toString(durations) + " ms):\n  "
                + String.join("\n  ", summary));
    }

    /**
     * A {@code CREATE INDEX CONCURRENTLY} that is interrupted leaves an invalid index behind, which
     * {@code IF NOT EXISTS} then skips: recording the retried migration as applied would claim an
     * index that queries never use (and a unique one that does not hold). See
     * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
     */
    @Test
    void anIndexLeftInvalidByAnInterruptedConcurrentBuildIsNotRecordedAsApplied() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT, kind TEXT);")
                .migration("V2__index_kind.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);")
                .nonTransactional("V2__index_kind.sql")
                .withSnapshot() // the table made below is then adopted at V1, and only V2 runs
                .writeTo(work)));
        database.execute("CREATE TABLE events (id INT, kind TEXT)");
        String application = "reliability-invalid-index";
        Migrator migrator = Migrator.using(TestServer.dataSource(database.jdbcUrl() + "?ApplicationName=" + application,
                database.server().user(), database.server().password())).withCatalog(catalog);

        // An open writing transaction makes the concurrent build wait after it has entered the index
        // in the catalog: the moment to cut its connection.
        try (Connection writer = database.dataSource().getConnection()) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO events VALUES (1, 'open')");
            }
            BackgroundRun run = BackgroundRun.start(migrator, 2, application);
            awaitLockWait(database, application);
            terminate(writer, application, run);
            assertThat(run.outcome(RUN_TIMEOUT)).isInstanceOfSatisfying(DatabaseUnavailableException.class,
                    e -> assertThat(e.getMessage()).contains("events V2 (V2__index_kind.sql)"));
            writer.rollback();
        }
        awaitGone(database, application);
        assertThat(database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass"))
                .isEqualTo("f");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> Migrator.using(database.dataSource()).withCatalog(catalog).apply());

        assertThat(e.family()).isEqualTo("events");
        assertThat(e.version()).isEqualTo(2);
        assertThat(e.getMessage()).contains("V2__index_kind.sql", "events_kind_idx", "invalid",
                "DROP INDEX CONCURRENTLY");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 false");

        database.execute("DROP INDEX events_kind_idx");
        ApplyResult repaired = Migrator.using(database.dataSource()).withCatalog(catalog).apply();

        assertThat(repaired.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass"))
                .isEqualTo("t");
    }

    /**
     * Everything was applied and committed; the connection drops before the lock is released (the
     * session's end released it). The run succeeded, and says so.
     */
    @Test
    void aConnectionDroppedAfterTheLastCommitDoesNotFailACompletedRun() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE events (id INT);").writeTo(work)));
        String application = "reliability-drop-at-end";
        try (Connection admin = database.dataSource().getConnection()) {
            ApplyResult result = Migrator.using(TestServer.dataSource(database.jdbcUrl() + "?ApplicationName=" + application,
                            database.server().user(), database.server().password()))
                    .withCatalog(catalog)
                    .withListener(new MigrationListener() {
                        @Override
                        public void runFinished(ApplyResult finished) {
                            // Called with the lock still held: end the session now.
                            try {
                                terminate(admin, application, null);
                                awaitGone(database, application);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    })
                    .apply();

            assertThat(result.applied()).hasSize(1);
        }
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
        assertThat(Migrator.using(database.dataSource()).withCatalog(catalog)
                .withConfig(MigrationConfig.builder().lockWait(Duration.ZERO).build()).apply().nothingApplied()).isTrue();
    }

    /** Waits until the backend of {@code application} waits for a lock. */
    private static void awaitLockWait(TestPostgres.Database database, String application) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!database.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'"
                + " AND wait_event_type = 'Lock'").equals("1")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The backend of " + application + " never waited for a lock");
            }
            Thread.sleep(10);
        }
    }

    /**
     * Terminates the backend of {@code application} from the {@code admin} session; if it is not there
     * yet (still connecting), tries again until it is or the run has ended. Returns how many
     * backends were terminated.
     */
    private static int terminate(Connection admin, String application, BackgroundRun run)
            throws InterruptedException, SQLException {
        try (PreparedStatement terminate = admin.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE application_name = ?")) {
            terminate.setString(1, application);
            while (true) {
                int terminated;
                try (ResultSet result = terminate.executeQuery()) {
                    result.next();
                    terminated = result.getInt(1);
                }
                if (terminated > 0 || run == null || isDone(run)) {
                    return terminated;
                }
                Thread.sleep(2);
            }
        }
    }

    private static boolean isDone(BackgroundRun run) throws InterruptedException {
        try {
            run.outcome(Duration.ofMillis(1));
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    /** Waits until no backend of {@code application} is left. */
    static void awaitGone(TestPostgres.Database database, String application) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!database.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application + "'")
                .equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The backend of " + application + " is still there after 60 s");
            }
            Thread.sleep(10);
        }
    }
}
