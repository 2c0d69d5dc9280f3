package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newer artifact of a family applies only the migrations the database lacks. */
class UpgradeTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String V2 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;";
    private static final String V3 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS legal_hold BOOLEAN NOT NULL DEFAULT false;";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private FamilyJar version1() {
        return FamilyJar.family("events").version("1.0.0")
                .migration("V1__create_events.sql", V1)
                .migration("V2__add_kind.sql", V2);
    }

    private FamilyJar version2() {
        return FamilyJar.family("events").version("2.0.0")
                .migration("V1__create_events.sql", V1)
                .migration("V2__add_kind.sql", V2)
                .migration("V3__legal_hold.sql", V3);
    }

    private Migrator migrator(FamilyJar family, String directory) {
        return Migrator.using(database.dataSource())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(family.writeTo(jars.resolve(directory)))));
    }

    @Test
    void theNewerArtifactRunsOnlyItsNewMigrationAndRecordsItsOwnVersion() {
        migrator(version1(), "old").apply();
        database.execute("INSERT INTO events (id, kind) VALUES (1, 'created')");

        ApplyResult result = migrator(version2(), "new").apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(3);
        assertThat(result.applied().get(0).migration().artifactVersion()).isEqualTo("2.0.0");
        assertThat(result.alreadyApplied()).isEqualTo(2);
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true",
                "events V3 2.0.0 true");
        assertThat(database.columns("public", "events")).containsExactly("id", "kind", "legal_hold");
        assertThat(database.value("SELECT kind || ' ' || legal_hold FROM events WHERE id = 1")).isEqualTo("created false");
    }

    @Test
    void statusShowsTheUpgradePendingAndThenUpToDate() {
        migrator(version1(), "old").apply();
        Migrator upgraded = migrator(version2(), "new");

        FamilyStatus before = upgraded.status().family("events").orElseThrow();
        assertThat(before.state()).isEqualTo(FamilyState.PENDING);
        assertThat(before.applied()).containsExactly(1, 2);
        assertThat(before.pending()).containsExactly(3);
        assertThat(before.appliedArtifactVersion()).isEqualTo("1.0.0");

        upgraded.apply();

        FamilyStatus after = upgraded.status().family("events").orElseThrow();
        assertThat(after.state()).isEqualTo(FamilyState.UP_TO_DATE);
        assertThat(after.appliedArtifactVersion()).isEqualTo("2.0.0");
    }

    @Test
    void aFreshDatabaseGetsEveryMigrationOfTheNewerArtifact() {
        ApplyResult result = migrator(version2(), "new").apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(1, 2, 3);
        assertThat(database.history("public")).containsExactly("events V1 2.0.0 true", "events V2 2.0.0 true",
                "events V3 2.0.0 true");
    }

    @Test
    void theSameArtifactAgainAppliesNothing() {
        migrator(version2(), "new").apply();

        ApplyResult again = migrator(version2(), "again").apply();

        assertThat(again.nothingApplied()).isTrue();
        assertThat(again.alreadyApplied()).isEqualTo(3);
        assertThat(database.history("public")).hasSize(3);
    }
}
