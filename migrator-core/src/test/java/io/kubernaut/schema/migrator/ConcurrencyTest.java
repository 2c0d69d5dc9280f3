package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrators in several threads at once: the advisory lock lets one apply, the others find it done. */
class ConcurrencyTest {

    private static final int THREADS = 8;

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private SchemaCatalog catalog;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        catalog = SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("events")
                        // Not idempotent on purpose: a second run of V1 or V2 would fail.
                        .migration("V1__create_events.sql", "CREATE TABLE events (id BIGINT PRIMARY KEY);\n"
                                + "SELECT pg_sleep(0.1);")
                        .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN kind TEXT;\n"
                                + "INSERT INTO events (id, kind) VALUES (1, 'seed');")
                        .writeTo(jars),
                FamilyJar.family("notes").requires("events")
                        .migration("V1__create_notes.sql", "CREATE TABLE notes (event_id BIGINT REFERENCES events (id));")
                        .writeTo(jars)));
    }

    private List<ApplyResult> applyConcurrently(List<MigrationConfig> configs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(configs.size());
        CyclicBarrier start = new CyclicBarrier(configs.size());
        try {
            List<Future<ApplyResult>> runs = new ArrayList<>();
            for (MigrationConfig config : configs) {
                Migrator migrator = Migrator.using(database.dataSource()).withCatalog(catalog).withConfig(config)
                        .withListener(MigrationListener.silent());
                runs.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return migrator.apply();
                }));
            }
            List<ApplyResult> results = new ArrayList<>();
            for (Future<ApplyResult> run : runs) {
                results.add(run.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<MigrationConfig> copies(MigrationConfig config) {
        List<MigrationConfig> configs = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            configs.add(config);
        }
        return configs;
    }

    @Test
    void eightMigratorsAtOnceAllSucceedAndEachMigrationIsAppliedOnce() throws Exception {
        List<ApplyResult> results = applyConcurrently(copies(MigrationConfig.builder().lockWait(Duration.ofSeconds(30)).build()));

        assertThat(results).hasSize(THREADS);
        assertThat(results.stream().mapToInt(r -> r.applied().size()).sum()).isEqualTo(3);
        assertThat(results).filteredOn(r -> !r.nothingApplied()).hasSize(1);
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true",
                "notes V1 1.0.0 true");
        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("1");
    }

    @Test
    void migratorsOfDifferentSelectionsAtOnceApplyEachMigrationOnce() throws Exception {
        List<MigrationConfig> configs = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            configs.add(MigrationConfig.builder().lockWait(Duration.ofSeconds(30))
                    .tables(i % 2 == 0 ? "events" : "notes").build());
        }

        List<ApplyResult> results = applyConcurrently(configs);

        assertThat(results.stream().mapToInt(r -> r.applied().size()).sum()).isEqualTo(3);
        assertThat(database.history("public")).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void migratorsOnDifferentSchemasDoNotWaitForEachOther() throws Exception {
        List<MigrationConfig> configs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // No wait at all: a lock shared between schemas would make some of them time out.
            configs.add(MigrationConfig.builder().schema("tenant_" + i).lockWait(Duration.ZERO).build());
        }

        List<ApplyResult> results = applyConcurrently(configs);

        assertThat(results).allSatisfy(r -> assertThat(r.applied()).hasSize(3));
        for (int i = 0; i < 4; i++) {
            assertThat(database.history("tenant_" + i)).hasSize(3);
        }
    }
}
