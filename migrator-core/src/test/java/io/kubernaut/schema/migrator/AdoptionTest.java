package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting a database made without this migrator (copied SQL, goose, Flyway): the tables exist, the
 * history does not. The version is decided by comparing the live schema with the family's per-version
 * snapshots; the migrations up to it are recorded as adopted without running, only later ones run.
 */
class AdoptionTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS audit_events (\n"
            + "  event_id BIGINT PRIMARY KEY,\n"
            + "  event_type VARCHAR(100) NOT NULL\n"
            + ");\n"
            + "CREATE INDEX IF NOT EXISTS audit_events_type_idx ON audit_events (event_type);\n"
            + "CREATE TABLE IF NOT EXISTS audit_types (name TEXT NOT NULL);\n"
            // Not idempotent on purpose: if the migrator ever ran it over the live tables, the seed row would double.
            + "INSERT INTO audit_types (name) VALUES ('login');";
    private static final String V2 = "ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold BOOLEAN NOT NULL DEFAULT false;\n"
            + "CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  IF OLD.legal_hold THEN RAISE EXCEPTION 'row % is under legal hold', OLD.event_id; END IF;\n"
            + "  RETURN OLD;\n"
            + "END $$;\n"
            + "DROP TRIGGER IF EXISTS audit_events_guard ON audit_events;\n"
            + "CREATE TRIGGER audit_events_guard BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_guard();\n"
            + "INSERT INTO audit_types (name) VALUES ('legal_hold');";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Migrator migrator;
    private final List<Adoption> heard = new ArrayList<>();

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("audit_events").tables("audit_events", "audit_types")
                        .migration("V1__create_audit_events.sql", V1)
                        .migration("V2__legal_hold.sql", V2)
                        .withSnapshot()
                        .writeTo(jars),
                FamilyJar.family("notes")
                        .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);")
                        .withSnapshot()
                        .writeTo(jars))))
                .withListener(new MigrationListener() {
                    @Override
                    public void familyAdopted(Adoption adoption) {
                        heard.add(adoption);
                    }
                });
    }

    @Test
    void tablesAtTheLatestVersionAreRecordedAsAdoptedWithoutRunningAnyScript() {
        // What a service's copied SQL did: the same DDL, run by hand, no history table.
        database.execute(V1 + "\n" + V2);
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login'),"
                + " (2, 'workflow.run.started')");

        Plan plan = migrator.plan();
        assertThat(plan.adopting()).containsExactly("audit_events");
        assertThat(plan.pending()).extracting(PlannedMigration::label).containsExactly("notes V1 (V1__create_notes.sql)");

        ApplyResult result = migrator.apply();

        assertThat(result.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("audit_events V2 ADOPTED");
        assertThat(heard).isEqualTo(result.adoptions());
        assertThat(result.applied()).extracting(a -> a.migration().label()).containsExactly("notes V1 (V1__create_notes.sql)");
        assertThat(history()).containsExactly(
                "audit_events V1 adopted execution_ms=0 by=" + currentUser() + " the schema matches the snapshot of V2",
                "audit_events V2 adopted execution_ms=0 by=" + currentUser() + " the schema matches the snapshot of V2",
                "notes V1 applied");
        assertThat(database.value("SELECT count(*) FROM audit_types")).isEqualTo("2");
        assertThat(database.column("SELECT event_type FROM audit_events ORDER BY event_id"))
                .containsExactly("gateway.auth.login", "workflow.run.started");
    }

    @Test
    void aDatabaseAtAnOlderVersionIsAdoptedThereAndOnlyTheLaterMigrationsRun() {
        database.execute(V1);
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login')");

        ApplyResult result = migrator.apply();

        assertThat(result.adoptions()).extracting(a -> a.family() + " V" + a.version()).containsExactly("audit_events V1");
        assertThat(result.applied()).extracting(a -> a.migration().label())
                .containsExactly("audit_events V2 (V2__legal_hold.sql)", "notes V1 (V1__create_notes.sql)");
        assertThat(kinds()).containsExactly("audit_events V1 adopted", "audit_events V2 applied", "notes V1 applied");
        // V1's seed row once, V2's once: V1 did not run again.
        assertThat(database.column("SELECT name FROM audit_types ORDER BY name")).containsExactly("legal_hold", "login");
        assertThat(database.value("SELECT legal_hold FROM audit_events WHERE event_id = 1")).isEqualTo("f");
        database.execute("UPDATE audit_events SET legal_hold = true");
        assertThat(catchThrowable(() -> database.execute("DELETE FROM audit_events WHERE event_id = 1")))
                .hasMessageContaining("under legal hold");
    }

    @Test
    void aSchemaMatchingNoVersionIsRefusedWithTheDifferencesAgainstTheNearestAndNothingIsRecorded() {
        database.execute(V1 + "\nALTER TABLE audit_events ADD COLUMN tenant TEXT;");
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login')");

        Throwable refused = catchThrowable(migrator::apply);

        assertThat(refused).isInstanceOf(ConflictException.class)
                .hasMessageContaining("match the snapshot of none of its versions (compared V1 to V2)")
                .hasMessageContaining("Nearest is V1, with 1 difference: extra column audit_events.tenant (found: text null)")
                .hasMessageContaining("--baseline-version N");
        Conflict.UnrecognizedSchema conflict = (Conflict.UnrecognizedSchema) ((ConflictException) refused).conflicts().get(0);
        assertThat(conflict.nearestVersion()).isEqualTo(1);
        assertThat(conflict.differences()).extracting(Drift::kind).containsExactly(Drift.Kind.EXTRA_COLUMN);
        assertThat(database.history("public")).isEmpty();
        assertThat(database.tables("public")).containsExactly("audit_events", "audit_types");
        assertThat(database.value("SELECT count(*) FROM audit_types")).isEqualTo("1");
        assertThat(migrator.validate().conflicts()).hasSize(1);
    }

    @Test
    void aBaselineVersionIsRecordedAsSuchAndOnlyTheLaterMigrationsRun() {
        database.execute(V1 + "\nALTER TABLE audit_events ADD COLUMN tenant TEXT;");
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login')");

        ApplyResult result = migrator.withConfig(MigrationConfig.builder().families("audit_events").baselineVersion(1).build())
                .apply();

        assertThat(result.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("audit_events V1 BASELINE");
        assertThat(kinds()).containsExactly("audit_events V1 baseline", "audit_events V2 applied");
        assertThat(database.value("SELECT note FROM schema_registry_history WHERE version = 1"))
                .contains("baseline version 1");
        assertThat(database.column("SELECT name FROM audit_types ORDER BY name")).containsExactly("legal_hold", "login");
        assertThat(database.columns("public", "audit_events")).containsExactly("event_id", "event_type", "tenant", "legal_hold");
    }

    @Test
    void aBaselineBeyondTheFamilysLatestVersionIsRefusedBeforeAnythingIsRecorded() {
        database.execute(V1);

        Throwable refused = catchThrowable(() -> migrator.withConfig(MigrationConfig.builder().families("audit_events")
                .baselineVersion(3).build()).apply());

        assertThat(refused).isInstanceOf(ConfigurationException.class).hasMessageContaining("end at V2");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void aBaselineForSeveralFamiliesWithTablesIsRefused() {
        database.execute(V1 + "\nCREATE TABLE notes (id INT);");

        assertThat(catchThrowable(() -> migrator.withConfig(MigrationConfig.builder().baselineVersion(1).build()).apply()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("--families");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void adoptRecordsTheVersionAndRunsNothingSoApplyRunsOnlyTheLaterMigrations() {
        database.execute(V1);

        AdoptionReport report = migrator.adopt();

        assertThat(report.adoptions()).extracting(Adoption::describe)
                .containsExactly("audit_events adopted at V1: the schema matches the snapshot of V1");
        assertThat(report.withoutTables()).containsExactly("notes");
        assertThat(kinds()).containsExactly("audit_events V1 adopted");
        assertThat(database.columns("public", "audit_events")).containsExactly("event_id", "event_type");
        assertThat(migrator.adopt().alreadyRecorded()).containsExactly("audit_events");

        migrator.apply();

        assertThat(kinds()).containsExactly("audit_events V1 adopted", "audit_events V2 applied", "notes V1 applied");
        assertThat(database.value("SELECT count(*) FROM audit_types")).isEqualTo("2");
    }

    @Test
    void afterAdoptionASecondApplyRunsAndRecordsNothing() {
        database.execute(V1 + "\n" + V2);
        migrator.apply();

        assertThat(migrator.plan().upToDate()).isTrue();
        assertThat(migrator.apply().nothingApplied()).isTrue();
        assertThat(database.history("public")).hasSize(3);
        assertThat(migrator.status().families()).extracting(FamilyStatus::state)
                .containsOnly(FamilyState.UP_TO_DATE);
    }

    @Test
    void aFreshDatabaseIsInstalledNotAdopted() {
        assertThat(migrator.plan().adopting()).isEmpty();

        ApplyResult result = migrator.apply();

        assertThat(result.adoptions()).isEmpty();
        assertThat(kinds()).containsExactly("audit_events V1 applied", "audit_events V2 applied", "notes V1 applied");
    }

    @Test
    void tablesOfTheSameNameInAnotherSchemaAreNotAdopted() {
        database.execute("CREATE SCHEMA other; CREATE TABLE other.audit_events (id INT)");

        assertThat(migrator.plan().adopting()).isEmpty();
        assertThat(catchThrowable(() -> migrator.withConfig(MigrationConfig.builder().schema("other").build()).plan()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("schema 'other'");
    }

    @Test
    void tablesOfAFamilyWithoutSnapshotsAreRefusedRatherThanRunOver() {
        Migrator withoutSnapshots = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(
                FamilyJar.loaderOf(FamilyJar.family("audit_events").tables("audit_events", "audit_types")
                        .migration("V1__create_audit_events.sql", V1).writeTo(jars.resolve("bare")))));
        database.execute(V1);

        assertThat(catchThrowable(withoutSnapshots::apply)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("ships no schema snapshots");
        assertThat(database.value("SELECT count(*) FROM audit_types")).isEqualTo("1");
        assertThat(database.history("public")).isEmpty();
    }

    private List<String> history() {
        return database.column("SELECT family || ' V' || version || ' ' || kind || CASE WHEN kind = 'applied' THEN ''"
                + " ELSE ' execution_ms=' || execution_ms || ' by=' || installed_by || ' ' || note END"
                + " FROM schema_registry_history ORDER BY family, version");
    }

    private List<String> kinds() {
        return database.column("SELECT family || ' V' || version || ' ' || kind FROM schema_registry_history"
                + " ORDER BY family, version");
    }

    private String currentUser() {
        return database.value("SELECT current_user");
    }
}
