package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only verbs: plan (what would run), status (where each family stands), validate (every conflict). */
class PlanStatusValidateTest {

    private static final String EVENTS_V1 = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String EVENTS_V2 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;";
    private static final String EVENTS_V3 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS legal_hold BOOLEAN;";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private int written;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Path events(String version, String... scripts) {
        FamilyJar jar = FamilyJar.family("events").version(version);
        String[] names = {"V1__create_events.sql", "V2__add_kind.sql", "V3__legal_hold.sql"};
        for (int i = 0; i < scripts.length; i++) {
            jar.migration(names[i], scripts[i]);
        }
        // A new directory each time: a jar a class loader still has open must not be overwritten.
        return jar.writeTo(jars.resolve("events-" + version + "-" + ++written));
    }

    private Path notes() {
        return FamilyJar.family("notes").requires("events")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);")
                .migration("V2__add_text.sql", "ALTER TABLE notes ADD COLUMN IF NOT EXISTS text TEXT;")
                .writeTo(jars.resolve("notes"));
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)));
    }

    @Test
    void planListsPendingMigrationsInOrderAndChangesNothing() {
        Migrator migrator = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2), notes())
                .withConfig(MigrationConfig.builder().schema("tenant_a").build());

        Plan plan = migrator.plan();

        assertThat(plan.families()).containsExactly("events", "notes");
        assertThat(plan.pending()).extracting(PlannedMigration::label).containsExactly(
                "events V1 (V1__create_events.sql)", "events V2 (V2__add_kind.sql)",
                "notes V1 (V1__create_notes.sql)", "notes V2 (V2__add_text.sql)");
        assertThat(plan.pending()).extracting(PlannedMigration::artifactVersion).containsOnly("1.0.0");
        assertThat(plan.alreadyApplied()).isZero();
        assertThat(plan.upToDate()).isFalse();
        assertThat(plan.toString()).contains("V1__create_events.sql", "4 migrations to apply to schema 'tenant_a'");
        assertThat(database.schemas()).containsExactly("public");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void planAfterAnUpgradeListsOnlyTheNewMigrations() {
        migrator(events("1.0.0", EVENTS_V1, EVENTS_V2), notes()).apply();

        Plan plan = migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), notes()).plan();

        assertThat(plan.pending()).extracting(PlannedMigration::label).containsExactly("events V3 (V3__legal_hold.sql)");
        assertThat(plan.pending().get(0).artifactVersion()).isEqualTo("2.0.0");
        assertThat(plan.alreadyApplied()).isEqualTo(4);
        assertThat(database.history("public")).hasSize(4);
        assertThat(database.columns("public", "events")).doesNotContain("legal_hold");
    }

    @Test
    void planOfAnUpToDateDatabaseIsEmpty() {
        Migrator migrator = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2));
        migrator.apply();

        Plan plan = migrator.plan();

        assertThat(plan.upToDate()).isTrue();
        assertThat(plan.toString()).contains("Nothing to apply");
    }

    @Test
    void planRefusesWhereApplyWould() {
        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3)).apply();

        assertThat(catchThrowableOfType(ConflictException.class, () -> migrator(events("1.0.0", EVENTS_V1, EVENTS_V2)).plan())
                .conflicts()).singleElement().isInstanceOf(Conflict.DatabaseAhead.class);
    }

    @Test
    void statusOfAFreshDatabaseIsNotInstalledAndCreatesNothing() {
        StatusReport report = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2), notes())
                .withConfig(MigrationConfig.builder().schema("tenant_a").build()).status();

        assertThat(report.schema()).isEqualTo("tenant_a");
        assertThat(report.families()).extracting(FamilyStatus::name).containsExactly("events", "notes");
        FamilyStatus events = report.family("events").orElseThrow();
        assertThat(events.state()).isEqualTo(FamilyState.NOT_INSTALLED);
        assertThat(events.applied()).isEmpty();
        assertThat(events.pending()).containsExactly(1, 2);
        assertThat(events.artifactVersion()).isEqualTo("1.0.0");
        assertThat(events.appliedArtifactVersion()).isNull();
        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void statusTellsPendingUpToDateAheadAndChecksumMismatchApart() {
        Path notes = notes();
        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), notes)
                .withConfig(MigrationConfig.builder().tables("events").build()).apply();

        assertThat(migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), notes).status().families())
                .extracting(f -> f.name() + " " + f.state())
                .containsExactly("events UP_TO_DATE", "notes NOT_INSTALLED");

        FamilyStatus ahead = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2)).status().family("events").orElseThrow();
        assertThat(ahead.state()).isEqualTo(FamilyState.AHEAD);
        assertThat(ahead.ahead()).containsExactly(3);
        assertThat(ahead.applied()).containsExactly(1, 2);
        assertThat(ahead.appliedArtifactVersion()).isEqualTo("2.0.0");

        FamilyStatus changed = migrator(events("2.0.1", EVENTS_V1, EVENTS_V2 + "\n-- edited", EVENTS_V3))
                .status().family("events").orElseThrow();
        assertThat(changed.state()).isEqualTo(FamilyState.CHECKSUM_MISMATCH);
        assertThat(changed.checksumMismatches()).containsExactly(2);

        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), notes)
                .withConfig(MigrationConfig.builder().tables("notes").build()).apply();
        database.execute("DELETE FROM schema_registry_history WHERE family = 'notes' AND version = 2");
        FamilyStatus pending = migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), notes)
                .status().family("notes").orElseThrow();
        assertThat(pending.state()).isEqualTo(FamilyState.PENDING);
        assertThat(pending.applied()).containsExactly(1);
        assertThat(pending.pending()).containsExactly(2);
    }

    @Test
    void statusNeverRefusesAndItsTableReadsWell() {
        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3)).apply();

        StatusReport report = migrator(events("1.0.0", EVENTS_V1 + "\n-- edited", EVENTS_V2)).status();

        assertThat(report.family("events").orElseThrow().state()).isEqualTo(FamilyState.CHECKSUM_MISMATCH);
        assertThat(report.family("events").orElseThrow().ahead()).containsExactly(3);
        assertThat(report.toString()).contains("FAMILY", "events", "checksum mismatch", "V1 changed", "database has V3");
    }

    @Test
    void validateReturnsEveryConflictWithoutThrowingOrChangingAnything() {
        Path other = FamilyJar.family("other")
                .migration("V1__create_other.sql", "CREATE TABLE IF NOT EXISTS other (id INT);")
                .migration("V2__add_x.sql", "ALTER TABLE other ADD COLUMN IF NOT EXISTS x INT;")
                .writeTo(jars.resolve("other-2"));
        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3), other).apply();
        int historyRows = database.history("public").size();
        Path otherEdited = FamilyJar.family("other").version("1.0.1")
                .migration("V1__create_other.sql", "CREATE TABLE IF NOT EXISTS other (id BIGINT);")
                .migration("V2__add_x.sql", "ALTER TABLE other ADD COLUMN IF NOT EXISTS x INT;")
                .writeTo(jars.resolve("other-edited"));

        ValidationResult result = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2), otherEdited).validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.conflicts()).hasSize(2);
        assertThat(result.conflicts()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(Conflict.DatabaseAhead.class,
                ahead -> assertThat(ahead.family()).isEqualTo("events")));
        assertThat(result.conflicts()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(
                Conflict.ChecksumMismatch.class, mismatch -> {
                    assertThat(mismatch.family()).isEqualTo("other");
                    assertThat(mismatch.version()).isEqualTo(1);
                }));
        assertThat(result.toString()).contains("2 conflict(s)");
        assertThat(database.history("public")).hasSize(historyRows);
    }

    @Test
    void validateOfAGoodDatabaseIsValidAndAnAllowedAheadIsNoConflict() {
        migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3)).apply();

        assertThat(migrator(events("2.0.0", EVENTS_V1, EVENTS_V2, EVENTS_V3)).validate().valid()).isTrue();
        assertThat(migrator(events("1.0.0", EVENTS_V1, EVENTS_V2))
                .withConfig(MigrationConfig.builder().aheadPolicy(AheadPolicy.ALLOW).build()).validate().valid()).isTrue();
        assertThat(migrator(events("1.0.0", EVENTS_V1, EVENTS_V2)).validate().valid()).isFalse();
    }

    @Test
    void validateOfAFreshDatabaseIsValidAndCreatesNothing() {
        ValidationResult result = migrator(events("1.0.0", EVENTS_V1, EVENTS_V2))
                .withConfig(MigrationConfig.builder().schema("tenant_a").build()).validate();

        assertThat(result.valid()).isTrue();
        assertThat(database.schemas()).containsExactly("public");
    }
}
