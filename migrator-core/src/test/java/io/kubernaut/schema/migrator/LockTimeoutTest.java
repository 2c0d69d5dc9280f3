package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.SingleConnectionDataSource;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded wait for another migrator's lock, and a message that names who holds it. */
class LockTimeoutTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private SchemaCatalog catalog;
    private Connection blocker;

    @BeforeEach
    void setUp() throws SQLException {
        database = TestPostgres.newDatabase();
        catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);").writeTo(jars)));
        blocker = database.dataSource().getConnection();
        try (Statement statement = blocker.createStatement()) {
            statement.execute("SET application_name = 'blocker'");
        }
    }

    @AfterEach
    void closeBlocker() throws SQLException {
        if (blocker != null) { // null when setUp was skipped (no Docker for the Testcontainers run)
            blocker.close();
        }
    }

    /** Takes the migration lock of {@code schema} on the blocker's session; returns the blocker's pid. */
    private int holdLock(String schema) throws SQLException {
        try (PreparedStatement statement = blocker.prepareStatement("SELECT pg_advisory_lock(?), pg_backend_pid()")) {
            statement.setLong(1, Migrator.lockKey(schema));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(2);
            }
        }
    }

    private void releaseLock(String schema) throws SQLException {
        try (PreparedStatement statement = blocker.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, Migrator.lockKey(schema));
            statement.execute();
        }
    }

    private Migrator migrator(MigrationConfig config) {
        return Migrator.using(database.dataSource()).withCatalog(catalog).withConfig(config);
    }

    @Test
    void aLockHeldPastTheWaitEndsWithTheHoldersPidAndApplicationName() throws SQLException {
        int pid = holdLock("public");
        long started = System.nanoTime();

        LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class,
                () -> migrator(MigrationConfig.builder().lockWait(Duration.ofMillis(500)).build()).apply());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(10));
        assertThat(e.getMessage()).contains("schema 'public'", "pid " + pid, "application_name 'blocker'",
                "pg_terminate_backend(" + pid + ")");
        assertThat(e.schema()).isEqualTo("public");
        assertThat(e.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        assertThat(e.holder()).hasValueSatisfying(holder -> {
            assertThat(holder.pid()).isEqualTo(pid);
            assertThat(holder.applicationName()).isEqualTo("blocker");
            assertThat(holder.user()).isEqualTo(database.server().user());
            assertThat(holder.sessionStart()).isNotNull();
        });
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void theWaitingMigratorIsToldWhoItWaitsFor() throws SQLException {
        int pid = holdLock("public");
        List<String> heard = new CopyOnWriteArrayList<>();

        catchThrowableOfType(LockTimeoutException.class,
                () -> migrator(MigrationConfig.builder().lockWait(Duration.ofMillis(200)).build())
                        .withListener(new MigrationListener() {
                            @Override
                            public void waitingForLock(LockHolder holder, Duration wait) {
                                heard.add(holder.pid() + " " + holder.applicationName() + " " + wait.toMillis());
                            }
                        })
                        .apply());

        assertThat(heard).containsExactly(pid + " blocker 200");
    }

    @Test
    void noWaitAtAllFailsAtOnce() throws SQLException {
        int pid = holdLock("public");

        LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class,
                () -> migrator(MigrationConfig.builder().lockWait(Duration.ZERO).build()).apply());

        assertThat(e.holder()).hasValueSatisfying(holder -> assertThat(holder.pid()).isEqualTo(pid));
    }

    @Test
    void aLockReleasedWithinTheWaitLetsTheMigratorGoOn() throws Exception {
        holdLock("public");
        ScheduledExecutorService release = Executors.newSingleThreadScheduledExecutor();
        try {
            release.schedule(() -> {
                releaseLock("public");
                return null;
            }, 300, TimeUnit.MILLISECONDS);

            List<LockHolder> waitedFor = new CopyOnWriteArrayList<>();
            ApplyResult result = migrator(MigrationConfig.builder().lockWait(Duration.ofSeconds(20)).build())
                    .withListener(new MigrationListener() {
                        @Override
                        public void waitingForLock(LockHolder holder, Duration wait) {
                            waitedFor.add(holder);
                        }
                    })
                    .apply();

            assertThat(waitedFor).extracting(LockHolder::applicationName).containsExactly("blocker");
            assertThat(result.applied()).hasSize(1);
            assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        } finally {
            release.shutdownNow();
        }
    }

    @Test
    void aWaitLongerThanPostgresqlsLongestLockTimeoutIsAccepted() throws Exception {
        holdLock("public");
        ScheduledExecutorService release = Executors.newSingleThreadScheduledExecutor();
        try {
            release.schedule(() -> {
                releaseLock("public");
                return null;
            }, 300, TimeUnit.MILLISECONDS);

            // lock_timeout takes at most 2147483647 ms (about 24 days); "wait a year" means wait that long.
            ApplyResult result = migrator(MigrationConfig.builder().lockWait(Duration.ofDays(365)).build()).apply();

            assertThat(result.applied()).hasSize(1);
        } finally {
            release.shutdownNow();
        }
    }

    @Test
    void theLockOfAnotherSchemaDoesNotBlock() throws SQLException {
        holdLock("tenant_a");

        ApplyResult result = migrator(MigrationConfig.builder().schema("tenant_b").lockWait(Duration.ZERO).build()).apply();

        assertThat(result.applied()).hasSize(1);
    }

    @Test
    void theSessionsLockTimeoutIsRestoredAfterWaiting() throws Exception {
        holdLock("public");
        try (SingleConnectionDataSource single = new SingleConnectionDataSource(database.dataSource().getConnection())) {
            try (Statement statement = single.connection().createStatement()) {
                statement.execute("SET lock_timeout = '7s'");
            }

            catchThrowableOfType(LockTimeoutException.class,
                    () -> Migrator.using(single).withCatalog(catalog)
                            .withConfig(MigrationConfig.builder().lockWait(Duration.ofMillis(200)).build()).apply());

            try (Statement statement = single.connection().createStatement();
                    ResultSet result = statement.executeQuery("SHOW lock_timeout")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("7s");
            }
        }
    }

    @Test
    void theLockIsReleasedAfterAFailedRun() throws SQLException {
        SchemaCatalog failing = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("broken")
                .migration("V1__fail.sql", "SELECT 1 / 0;").writeTo(jars)));
        catchThrowableOfType(MigrationFailedException.class,
                () -> Migrator.using(database.dataSource()).withCatalog(failing).apply());

        ApplyResult next = migrator(MigrationConfig.builder().lockWait(Duration.ZERO).build()).apply();

        assertThat(next.applied()).hasSize(1);
        assertThat(database.value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).isEqualTo("0");
    }
}
