package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.BackgroundRun;
import io.kubernaut.schema.migrator.testing.EmbeddedTestServer;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.LongFamily;
import io.kubernaut.schema.migrator.testing.Seeds;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Reliability: the database restarted mid-run, at random points of a long run. A server of its own
 * (fixed port and data directory) is stopped, in turn, the clean way ({@code pg_ctl stop -m fast},
 * which ends every session) and the crash way (SIGKILL to the postmaster, then crash recovery on the
 * next start), then started again on the same port and data. Each time: a clear
 * {@link DatabaseUnavailableException} naming the migration being applied, nothing half-applied
 * after the restart, and the next run completes with every migration applied once. Slow (a server
 * start per restart): run by {@code -Preliability}. See docs/reliability.md.
 */
class RestartReliabilityIT {

    private static final int RESTARTS = 10;
    private static final String DATABASE = "reliability";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aDatabaseRestartedAtRandomPointsFailsTheRunClearlyLeavesNothingHalfAppliedAndTheNextRunCompletes()
            throws Exception {
        Random random = Seeds.random("RestartReliabilityIT");
        LongFamily family = LongFamily.standard();
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(family.writeTo(work.resolve("jars"))));
        long[] durations = LongFamily.durations(catalog);
        Path dataDirectory = work.resolve("pgdata");
        int port = freePort();
        List<String> summary = new ArrayList<>();

        EmbeddedTestServer server = start(port, dataDirectory);
        try {
            server.createDatabase(DATABASE, null);
            for (int restart = 0; restart < RESTARTS; restart++) {
                boolean crash = restart % 2 == 1;
                String schema = "restart_" + restart;
                String application = "reliability-restart-" + restart;
                long[] point = LongFamily.faultPoint(random, durations, restart, RESTARTS);
                Migrator migrator = Migrator.using(TestServer.dataSource(server.jdbcUrl(DATABASE) + "?ApplicationName=" + application,
                                server.user(), server.password())).withCatalog(catalog)
                        .withConfig(MigrationConfig.builder().schema(schema).build());

                BackgroundRun run = BackgroundRun.start(migrator, LongFamily.MIGRATIONS, application);
                assertThat(run.awaitStart((int) point[0], RUN_TIMEOUT)).as("restart %d: V%d started", restart, point[0])
                        .isTrue();
                Thread.sleep(point[1]);
                long stopping = System.nanoTime();
                if (crash) {
                    crash(server);
                } else {
                    server.close();
                }
                long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
                Object outcome = run.outcome(RUN_TIMEOUT);
                String where = run.current() == null ? "before any migration"
                        : run.current().label() + (run.currentFinished() ? " (finished)" : "");

                long starting = System.nanoTime();
                server = start(port, dataDirectory);
                long startMillis = (System.nanoTime() - starting) / 1_000_000;
                summary.add("restart " + restart + " (" + (crash ? "crash" : "fast stop") + ", " + stopMillis + " + "
                        + startMillis + " ms) " + point[1] + " ms into V" + point[0] + ", " + where + ": "
                        + (outcome instanceof Throwable t ? t.getClass().getSimpleName() : "completed before the stop"));

                if (outcome instanceof Throwable failure) {
                    assertThat(failure).as("restart %d (%s)", restart, where).isInstanceOf(DatabaseUnavailableException.class);
                    if (run.current() != null && !run.currentFinished()) {
                        assertThat(failure.getMessage()).as("restart %d names what was being applied", restart)
                                .contains("while applying " + run.current().label());
                    } else {
                        assertThat(failure.getMessage()).as("restart %d names the schema or the connection", restart)
                                .containsAnyOf("schema '" + schema + "'", "Cannot connect to PostgreSQL");
                    }
                }
                TestPostgres.Database database = new TestPostgres.Database(server, DATABASE);
                assertThat(family.violations(database, schema)).as("restart %d (%s): state after the restart", restart, where)
                        .isEmpty();

                ApplyResult next = Migrator.using(server.dataSource(DATABASE)).withCatalog(catalog)
                        .withListener(MigrationListener.silent())
                        .withConfig(MigrationConfig.builder().schema(schema).lockWait(Duration.ofSeconds(10)).build())
                        .apply();
                assertThat(family.incompleteness(database, schema)).as("restart %d: after the next run", restart).isEmpty();
                assertThat(next.applied().size() + next.alreadyApplied()).isEqualTo(LongFamily.MIGRATIONS);
            }
        } finally {
            server.close();
        }
        System.out.println("[reliability] RestartReliabilityIT (migrations take " + Arrays.toString(durations) + " ms):\n  "
                + String.join("\n  ", summary));
    }

    private static EmbeddedTestServer start(int port, Path dataDirectory) {
        // Without the library's own exit hook, which would stop whichever server then runs on this data directory.
        return EmbeddedTestServer.start(port, dataDirectory);
    }

    /**
     * Kills the postmaster with SIGKILL, waits for its backends to notice and end (a new postmaster
     * refuses to start while they hold the shared memory), then lets the library release its lock
     * on the data directory (its {@code pg_ctl stop} fails, which it logs).
     */
    private static void crash(EmbeddedTestServer server) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (postmaster.isAlive() || backends.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("PostgreSQL processes still alive 60 s after SIGKILL to the postmaster");
            }
            Thread.sleep(10);
        }
        server.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
