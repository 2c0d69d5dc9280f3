package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.ChildJvm;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.ReliabilityMain;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: 8 migrator processes x 20 rounds applying to the same database at once, as when
 * the instances of a service start together. Each round targets a fresh schema and really races:
 * the 8 JVMs (started once) wait at a start barrier, a line on their standard input that this test
 * sends to all of them once all 8 have said they wait (not a lock in PostgreSQL: see
 * {@link io.kubernaut.schema.migrator.testing.ReliabilityMain}). The migrations
 * are not idempotent (a second application fails), one is non-transactional
 * ({@code CREATE INDEX CONCURRENTLY}, which must not deadlock with the waiting migrators), and the
 * processes select differently (all families, or one that pulls in what it requires). Zero
 * failures; every migration recorded exactly once, its effect present exactly once. Slow (8 JVMs):
 * run by {@code -Preliability}. See docs/reliability.md.
 */
class ProcessStormReliabilityIT {

    private static final int PROCESSES = 8;
    private static final int ROUNDS = 20;
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(120);

    /** family Vn lines every round's schema must hold, once each. */
    private static final List<String> EXPECTED_HISTORY = List.of("events V1 true", "events V2 true", "events V3 true",
            "notes V1 true", "tags V1 true", "tags V2 true");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void eightProcessesTimesTwentyRoundsAllSucceedAndEveryMigrationIsRecordedExactlyOnce() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path jars = work.resolve("jars");
        List<String> familyJars = List.of(
                FamilyJar.family("events")
                        .migration("V1__create_events.sql", "CREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT);\n"
                                + "SELECT pg_sleep(0.05);")
                        .migration("V2__seed.sql", "INSERT INTO events VALUES (1, 'seed');\n"
                                + "ALTER TABLE events ADD COLUMN at TIMESTAMPTZ;")
                        .migration("V3__index_kind.sql", "DROP INDEX CONCURRENTLY IF EXISTS events_kind_idx;\n"
                                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);")
                        .nonTransactional("V3__index_kind.sql")
                        .writeTo(jars).toString(),
                FamilyJar.family("notes").requires("events")
                        .migration("V1__create_notes.sql", "CREATE TABLE notes (event_id BIGINT REFERENCES events (id));\n"
                                + "INSERT INTO notes VALUES (1);")
                        .writeTo(jars).toString(),
                FamilyJar.family("tags")
                        .migration("V1__create_tags.sql", "CREATE TABLE tags (name TEXT PRIMARY KEY);")
                        .migration("V2__seed_tags.sql", "INSERT INTO tags VALUES ('first');")
                        .writeTo(jars).toString());

        List<ChildJvm> children = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                String selection = switch (i % 3) {
                    case 0 -> "all";
                    case 1 -> "notes";   // pulls in events
                    default -> "tags";
                };
                List<String> args = new ArrayList<>(List.of("storm", database.jdbcUrl() + "?ApplicationName=storm-" + i,
                        database.server().user(), "storm_", String.valueOf(ROUNDS), selection));
                args.addAll(familyJars);
                children.add(ChildJvm.start("storm-" + i, work, database.server().password(), ReliabilityMain.class, args));
            }

            for (int round = 1; round <= ROUNDS; round++) {
                for (ChildJvm child : children) {
                    assertThat(child.nextLine(ROUND_TIMEOUT)).as("%s before round %d", child.name(), round)
                            .isEqualTo("waiting " + round);
                }
                long released = System.nanoTime();
                children.forEach(child -> child.send("go"));

                int applied = 0;
                int appliers = 0;
                for (ChildJvm child : children) {
                    String line = child.nextLine(ROUND_TIMEOUT);
                    assertThat(line).as("%s in round %d; its stderr:%n%s", child.name(), round, child.stderr())
                            .startsWith("round " + round + " ok applied=");
                    int count = Integer.parseInt(line.substring(line.indexOf('=') + 1));
                    applied += count;
                    appliers += count > 0 ? 1 : 0;
                }
                long tookMillis = (System.nanoTime() - released) / 1_000_000;
                String schema = "storm_" + round;
                assertThat(applied).as("migrations applied in round %d, all processes together", round)
                        .isEqualTo(EXPECTED_HISTORY.size());
                assertThat(database.column("SELECT family || ' V' || version || ' ' || success FROM " + schema
                        + ".schema_registry_history ORDER BY family, version")).as("history of round %d", round)
                        .containsExactlyElementsOf(EXPECTED_HISTORY);
                assertThat(database.value("SELECT (SELECT count(*) FROM " + schema + ".events) || ','"
                        + " || (SELECT count(*) FROM " + schema + ".notes) || ',' || (SELECT count(*) FROM " + schema
                        + ".tags)")).as("rows of round %d", round).isEqualTo("1,1,1");
                assertThat(database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = '" + schema
                        + ".events_kind_idx'::regclass")).isEqualTo("t");
                summary.add("round " + round + ": " + appliers + " of " + PROCESSES + " processes applied something,"
                        + " all done " + tookMillis + " ms after the barrier opened");
            }
            for (ChildJvm child : children) {
                assertThat(child.waitFor(Duration.ofSeconds(60))).as("exit code of %s; its stderr:%n%s", child.name(),
                        child.stderr()).isZero();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        System.out.println("[reliability] ProcessStormReliabilityIT:\n  " + String.join("\n  ", summary));
    }

}
