package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table locks held by the application: every migration statement waits at most the lock timeout
 * (so application queries queued behind it wait no longer), a transactional migration is retried a
 * bounded number of times, and the final failure names the session that blocked it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TableLockTimeoutTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Connection application;
    private int applicationPid;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestPostgres.newDatabase();
        apply(family(false), MigrationConfig.defaults()); // V1 creates the table, as deployed before
        application = connect("orders-service");
        applicationPid = value(application, "SELECT pg_backend_pid()");
    }

    @AfterEach
    void closeApplication() throws SQLException {
        if (application != null) { // null when setUp was skipped (no Docker for the Testcontainers run)
            application.close();
        }
    }

    /** V1 makes {@code events}; V2 inserts a log row and alters the table (needs ACCESS EXCLUSIVE). */
    private SchemaCatalog family(boolean withV2) {
        FamilyJar jar = FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);\n"
                        + "CREATE TABLE IF NOT EXISTS migration_log (step TEXT);");
        if (withV2) {
            jar.migration("V2__add_note.sql", "INSERT INTO migration_log VALUES ('v2');\n"
                    + "ALTER TABLE events ADD COLUMN IF NOT EXISTS note TEXT;");
        }
        return SchemaCatalog.discover(FamilyJar.loaderOf(jar.writeTo(jars.resolve(withV2 ? "v2" : "v1"))));
    }

    private SchemaCatalog nonTransactionalFamily() {
        return SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);\n"
                        + "CREATE TABLE IF NOT EXISTS migration_log (step TEXT);")
                .migration("V2__add_note.sql", "INSERT INTO migration_log VALUES ('v2');\n"
                        + "ALTER TABLE events ADD COLUMN IF NOT EXISTS note TEXT;")
                .nonTransactional("V2__add_note.sql")
                .writeTo(jars.resolve("nt"))));
    }

    private ApplyResult apply(SchemaCatalog catalog, MigrationConfig config) {
        return migrator(catalog, config).apply();
    }

    private Migrator migrator(SchemaCatalog catalog, MigrationConfig config) {
        return Migrator.using(TestServer.dataSource(database.jdbcUrl() + "?ApplicationName=migrator",
                database.server().user(), database.server().password())).withCatalog(catalog).withConfig(config);
    }

    private Connection connect(String applicationName) throws SQLException {
        Connection connection = database.dataSource().getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + applicationName + "'");
        }
        return connection;
    }

    /** The application reads the table in an open transaction: ACCESS SHARE, which ALTER TABLE waits for. */
    private void applicationHoldsItsTransactionOpen() throws SQLException {
        application.setAutoCommit(false);
        try (Statement statement = application.createStatement()) {
            statement.execute("SELECT count(*) FROM events");
        }
    }

    private static int value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private MigrationConfig config(Duration lockTimeout, int retries) {
        return MigrationConfig.builder().lockTimeout(lockTimeout).lockRetries(retries).build();
    }

    @Test
    void aTableLockHeldPastTheRetriesFailsNamingTheBlockerAndLeavesTheTableUnchanged() throws SQLException {
        applicationHoldsItsTransactionOpen();
        List<String> warnings = new CopyOnWriteArrayList<>();

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(family(true), config(Duration.ofSeconds(1), 2)).withListener(new MigrationListener() {
                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                }).apply());

        assertThat(e.sqlState()).isEqualTo("55P03");
        assertThat(e.version()).isEqualTo(2);
        assertThat(e.getMessage()).contains("lock timeout", "3 attempts", "pid " + applicationPid,
                "application_name 'orders-service'", "idle in transaction", "SELECT count(*) FROM events",
                "rolled back");
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("retry", "pid " + applicationPid));
        assertThat(database.columns("public", "events")).containsExactly("id");
        assertThat(database.value("SELECT count(*) FROM migration_log")).isEqualTo("0");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }

    @Test
    void anApplicationQueryQueuedBehindTheWaitingMigratorGetsThroughWhileTheBlockerStays() throws Exception {
        applicationHoldsItsTransactionOpen();
        CompletableFuture<ApplyResult> run = CompletableFuture.supplyAsync(
                () -> apply(family(true), config(Duration.ofSeconds(2), 0)));
        try (Connection reader = connect("orders-reader"); Statement statement = reader.createStatement()) {
            awaitMigratorWaitingForALock();
            // Without the migrator's lock timeout this read would queue behind its ALTER TABLE until the
            // application's transaction ends, which it does not in this test: the reader would fail here.
            statement.execute("SET lock_timeout = '20s'");

            long started = System.nanoTime();
            try (ResultSet result = statement.executeQuery("SELECT count(*) FROM events")) {
                assertThat(result.next()).isTrue();
            }
            // A figure for docs/reliability.md, not a timing assertion (the machine may be loaded).
            System.out.printf("[reliability] TableLockTimeoutTest: a read queued behind the waiting migrator waited %d ms"
                    + " (lock timeout 2000 ms)%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        assertThat(run).failsWithin(Duration.ofSeconds(60));
        assertThat(value(application, "SELECT count(*) FROM events")).isZero(); // the blocker is still there
        assertThat(database.columns("public", "events")).containsExactly("id");
    }

    private void awaitMigratorWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!database.value("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'migrator'"
                + " AND wait_event_type = 'Lock'").equals("1")) {
            assertThat(System.nanoTime()).as("the migrator waits for the table lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Applies V2 with a 500 ms lock timeout and 5 retries while the application commits after 1.5 s. */
    private ApplyResult applyWhileTheApplicationCommitsAfter1500Ms() throws Exception {
        ScheduledExecutorService release = Executors.newSingleThreadScheduledExecutor();
        try {
            release.schedule(() -> {
                application.commit();
                return null;
            }, 1500, TimeUnit.MILLISECONDS);
            return apply(family(true), config(Duration.ofMillis(500), 5));
        } finally {
            release.shutdownNow();
        }
    }

    @Test
    void aLockReleasedDuringTheRetriesLetsTheMigrationSucceedOnce() throws Exception {
        applicationHoldsItsTransactionOpen();
        ApplyResult result = applyWhileTheApplicationCommitsAfter1500Ms();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(database.columns("public", "events")).containsExactly("id", "note");
        assertThat(database.value("SELECT count(*) FROM migration_log")).isEqualTo("1");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void aLockTimeoutRecordingTheMigrationIsRetriedFromAFreshTransaction() throws Exception {
        application.setAutoCommit(false);
        try (Statement statement = application.createStatement()) {
            // SHARE lets the migrator read the history but not write its row: the script runs, the record waits.
            statement.execute("LOCK TABLE schema_registry_history IN SHARE MODE");
        }
        ApplyResult result = applyWhileTheApplicationCommitsAfter1500Ms();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(database.value("SELECT count(*) FROM migration_log")).isEqualTo("1");
        assertThat(database.columns("public", "events")).containsExactly("id", "note");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void aNonTransactionalMigrationIsNotRetriedAfterAStatementCommitted() throws SQLException {
        applicationHoldsItsTransactionOpen();

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> apply(nonTransactionalFamily(), config(Duration.ofSeconds(1), 3)));

        assertThat(e.sqlState()).isEqualTo("55P03");
        assertThat(e.getMessage()).contains("not retried", "pid " + applicationPid, "recorded as failed");
        assertThat(database.value("SELECT count(*) FROM migration_log")).isEqualTo("1");
        assertThat(database.columns("public", "events")).containsExactly("id");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 false");
    }

    @Test
    void inAllOrNothingModeALockTimeoutRollsTheWholeRunBackWithoutRetrying() throws SQLException {
        applicationHoldsItsTransactionOpen();
        List<String> warnings = new CopyOnWriteArrayList<>();

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(family(true), MigrationConfig.builder().allOrNothing(true).lockTimeout(Duration.ofSeconds(1))
                        .lockRetries(3).build()).withListener(new MigrationListener() {
                            @Override
                            public void warning(String message) {
                                warnings.add(message);
                            }
                        }).apply());

        assertThat(e.sqlState()).isEqualTo("55P03");
        assertThat(e.getMessage()).contains("not retried", "all-or-nothing", "pid " + applicationPid);
        assertThat(warnings).isEmpty();
        assertThat(database.value("SELECT count(*) FROM migration_log")).isEqualTo("0");
        assertThat(database.columns("public", "events")).containsExactly("id");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }

    @Test
    void theSessionsLockTimeoutIsRestoredAfterTheRun() throws SQLException {
        try (var single = new io.kubernaut.schema.migrator.testing.SingleConnectionDataSource(
                database.dataSource().getConnection())) {
            try (Statement statement = single.connection().createStatement()) {
                statement.execute("SET lock_timeout = '7s'");
            }

            Migrator.using(single).withCatalog(family(true)).withConfig(config(Duration.ofMillis(300), 0)).apply();

            try (Statement statement = single.connection().createStatement();
                    ResultSet result = statement.executeQuery("SHOW lock_timeout")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("7s");
            }
        }
        assertThat(database.columns("public", "events")).containsExactly("id", "note");
    }

    @Test
    void aLockTimeoutOutsideTheBoundsOfPostgresqlIsRefused() {
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> MigrationConfig.builder().lockTimeout(Duration.ofDays(30))).getMessage())
                .contains("lock timeout", "2147483647 ms");
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> MigrationConfig.builder().lockRetries(-1)).getMessage()).contains("lock retries");
        assertThat(MigrationConfig.defaults().lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(MigrationConfig.defaults().lockRetries()).isEqualTo(3);
    }
}
