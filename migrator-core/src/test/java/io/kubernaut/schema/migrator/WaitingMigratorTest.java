package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.BackgroundRun;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: a migrator waiting for the schema's lock must not hold a snapshot while it waits.
 * {@code CREATE INDEX CONCURRENTLY} (a non-transactional migration of the migrator holding the
 * lock) waits for every transaction whose snapshot is older than its own; a waiter blocked inside
 * {@code SELECT pg_advisory_lock(...)} is such a transaction, and it waits for the lock the index
 * builder's session holds: a deadlock, which PostgreSQL breaks by failing one of them. Found by
 * {@link KillReliabilityIT} (a run started right after a kill waited for the killed session, which
 * was still building an index). See
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 */
class WaitingMigratorTest {

    @TempDir
    Path jars;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aMigratorWaitingForTheLockDoesNotDeadlockWithAConcurrentIndexBuildOfTheHolder() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT, kind TEXT);")
                .migration("V2__index_kind.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);")
                .nonTransactional("V2__index_kind.sql")
                .withSnapshot() // the table made below is then adopted at V1, and only V2 runs
                .writeTo(jars)));
        database.execute("CREATE TABLE events (id INT, kind TEXT)");

        try (Connection writer = database.dataSource().getConnection()) {
            // An open writing transaction holds the index build at its first wait, lock taken.
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO events VALUES (1, 'open')");
            }
            BackgroundRun holder = BackgroundRun.start(migrator(database, catalog, "holder"), 2, "holder");
            assertThat(holder.awaitStart(2, Duration.ofSeconds(30))).isTrue();

            CountDownLatch waiting = new CountDownLatch(1);
            Migrator waiter = migrator(database, catalog, "waiter").withListener(new MigrationListener() {
                @Override
                public void waitingForLock(LockHolder lockHolder, Duration wait) {
                    waiting.countDown();
                }
            });
            CompletableFuture<ApplyResult> second = CompletableFuture.supplyAsync(waiter::apply);
            assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // the waiter is in its wait now

            writer.rollback();

            // The build now waits for older snapshots; the deadlock detector looks after deadlock_timeout (1 s).
            assertThat(holder.outcome(Duration.ofSeconds(60))).isInstanceOf(ApplyResult.class);
            assertThat(second.get(60, TimeUnit.SECONDS).nothingApplied()).isTrue();
        }
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        assertThat(database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass"))
                .isEqualTo("t");
    }

    private static Migrator migrator(TestPostgres.Database database, SchemaCatalog catalog, String application) {
        return Migrator.using(TestServer.dataSource(database.jdbcUrl() + "?ApplicationName=" + application,
                        database.server().user(), database.server().password()))
                .withCatalog(catalog)
                .withConfig(MigrationConfig.builder().lockWait(Duration.ofSeconds(60)).build());
    }
}
