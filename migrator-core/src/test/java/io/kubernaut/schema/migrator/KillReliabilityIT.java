package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.ChildJvm;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.LongFamily;
import io.kubernaut.schema.migrator.testing.ReliabilityMain;
import io.kubernaut.schema.migrator.testing.Seeds;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: a migrator process killed with SIGKILL at random points of a long run, 20 times.
 * Never a half-applied migration or a history row without its effect; the killed process's
 * backend goes away (its transaction rolled back, its advisory lock released); the next run
 * completes, applying every migration once. Slow (a JVM per kill): run by {@code -Preliability}.
 * See docs/reliability.md.
 */
class KillReliabilityIT {

    private static final int KILLS = 20;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aMigratorKilledAtRandomPointsNeverLeavesAHalfAppliedMigrationAndTheNextRunCompletes() throws Exception {
        Random random = Seeds.random("KillReliabilityIT");
        LongFamily family = LongFamily.standard();
        Path jar = family.writeTo(work.resolve("jars"));
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(jar));
        long[] durations = LongFamily.durations(catalog);
        List<String> summary = new ArrayList<>();

        for (int kill = 0; kill < KILLS; kill++) {
            TestPostgres.Database database = TestPostgres.newDatabase();
            String application = "reliability-kill-" + kill;
            long[] point = LongFamily.faultPoint(random, durations, kill, KILLS);
            String landed;
            try (ChildJvm child = ChildJvm.start(application, work, database.server().password(), ReliabilityMain.class,
                    List.of("apply", database.jdbcUrl() + "?ApplicationName=" + application, database.server().user(),
                            "public", jar.toString()))) {
                child.awaitLine("ready", Duration.ofSeconds(60));
                child.send("go");
                child.awaitLine("starting V" + point[0], Duration.ofSeconds(60));
                Thread.sleep(point[1]);
                child.kill();
                landed = where(child.linesSoFar());
            }

            // Even kills: wait for the server to end the killed session, then look at what it left.
            // Odd kills: run again at once; the new run may wait for the lock the orphaned session
            // still holds, and must then go on.
            String check;
            if (kill % 2 == 0) {
                long lingered = awaitGone(database, application);
                assertThat(family.violations(database, "public")).as("kill %d (%s): state after the kill", kill, landed)
                        .isEmpty();
                check = "backend gone after " + lingered + " ms, state consistent";
            } else {
                check = "next run at once";
            }
            AtomicReference<LockHolder> waitedFor = new AtomicReference<>();
            long started = System.nanoTime();
            ApplyResult next = Migrator.using(database.dataSource()).withCatalog(catalog)
                    .withConfig(MigrationConfig.builder().lockWait(LOCK_WAIT).build())
                    .withListener(new MigrationListener() {
                        @Override
                        public void waitingForLock(LockHolder holder, Duration wait) {
                            waitedFor.set(holder);
                        }
                    })
                    .apply();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(LOCK_WAIT);
            if (waitedFor.get() != null) {
                assertThat(waitedFor.get().applicationName()).as("kill %d: the lock holder waited for", kill)
                        .isEqualTo(application);
                check += ", waited for the killed session's lock";
            }
            assertThat(family.incompleteness(database, "public")).as("kill %d (%s): after the next run", kill, landed)
                    .isEmpty();
            assertThat(next.applied().size() + next.alreadyApplied()).isEqualTo(LongFamily.MIGRATIONS);
            summary.add("kill " + kill + " " + point[1] + " ms into V" + point[0] + ", " + landed + ": " + check
                    + "; next run applied "
                    + next.applied().size() + " in " + took.toMillis() + " ms");
            database.server().dropDatabase(database.name());
        }
        System.out.println("[reliability] KillReliabilityIT (migrations take " + Arrays.toString(durations) + " ms):\n  "
                + String.join("\n  ", summary));
    }

    /** Where the child was when killed, from what it printed. */
    private static String where(List<String> lines) {
        String last = "before its first migration";
        for (String line : lines) {
            if (line.startsWith("starting ")) {
                last = "in " + line.substring("starting ".length());
            } else if (line.startsWith("applied ")) {
                last = "after " + line.substring("applied ".length());
            } else if (line.startsWith("done")) {
                last = "after the run";
            }
        }
        return last;
    }

    /** Waits until the killed child's backend is gone; returns how long that took. */
    private static long awaitGone(TestPostgres.Database database, String application) throws InterruptedException {
        long started = System.nanoTime();
        ConnectionDropTest.awaitGone(database, application);
        return (System.nanoTime() - started) / 1_000_000;
    }
}
