package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations that opt out of a transaction ({@code CREATE INDEX CONCURRENTLY}). */
class NonTransactionalTest {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String INDEX = "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_kind_idx ON events (kind);";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(FamilyJar family) {
        return Migrator.using(database.dataSource())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(family.writeTo(jars))));
    }

    private static FamilyJar events(String v2) {
        return FamilyJar.family("events")
                .migration("V1__create_events.sql", CREATE)
                .migration("V2__index_kind.sql", v2)
                .nonTransactional("V2__index_kind.sql");
    }

    @Test
    void aMigrationMarkedNonTransactionalCreatesAnIndexConcurrently() {
        Migrator migrator = migrator(events("ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;\n" + INDEX));

        assertThat(migrator.plan().pending()).extracting(PlannedMigration::transactional).containsExactly(true, false);
        ApplyResult result = migrator.apply();

        assertThat(result.applied()).hasSize(2);
        assertThat(database.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass"))
                .isEqualTo("t");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void theSameScriptWithoutTheMarkFailsBecauseItRunsInATransaction() {
        FamilyJar family = FamilyJar.family("events")
                .migration("V1__create_events.sql", CREATE + "\nALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;")
                .migration("V2__index_kind.sql", INDEX);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator(family).apply());

        assertThat(e.sqlState()).isEqualTo("25001");
        assertThat(e.getMessage()).contains("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    }

    @Test
    void aFailedNonTransactionalMigrationIsRecordedAsFailedAndRetriedByTheNextRun() {
        // The column does not exist yet, so the index fails; the script itself is fine and stays as it is.
        Migrator migrator = migrator(events(INDEX));

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, migrator::apply);

        assertThat(e.getMessage()).startsWith("migration 'events' V2 (V2__index_kind.sql:1) failed: column \"kind\"");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 false");
        FamilyStatus failed = migrator.status().family("events").orElseThrow();
        assertThat(failed.state()).isEqualTo(FamilyState.FAILED);
        assertThat(failed.failed()).containsExactly(2);
        assertThat(failed.pending()).containsExactly(2);
        assertThat(failed.applied()).containsExactly(1);
        assertThat(migrator.plan().pending()).extracting(PlannedMigration::version).containsExactly(2);

        database.execute("ALTER TABLE events ADD COLUMN kind TEXT");
        ApplyResult retry = migrator.apply();

        assertThat(retry.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        assertThat(migrator.status().family("events").orElseThrow().state()).isEqualTo(FamilyState.UP_TO_DATE);
    }

    @Test
    void aFailedNonTransactionalMigrationStopsTheRun() {
        FamilyJar family = events(INDEX).migration("V3__later.sql", "CREATE TABLE IF NOT EXISTS later (id INT);");

        catchThrowableOfType(MigrationFailedException.class, () -> migrator(family).apply());

        assertThat(database.tables("public")).doesNotContain("later");
    }
}
