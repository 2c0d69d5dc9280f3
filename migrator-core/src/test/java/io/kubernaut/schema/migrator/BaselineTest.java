package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adopting a database made by the old copy-the-SQL scripts: the tables exist, the history does not;
 * the idempotent migrations run over them and are recorded.
 */
class BaselineTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS audit_events (\n"
            + "  event_id BIGINT PRIMARY KEY,\n"
            + "  event_type VARCHAR(100) NOT NULL\n"
            + ");\n"
            + "CREATE INDEX IF NOT EXISTS audit_events_type_idx ON audit_events (event_type);";
    private static final String V2 = "ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold BOOLEAN NOT NULL DEFAULT false;\n"
            + "CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "  IF OLD.legal_hold THEN RAISE EXCEPTION 'row % is under legal hold', OLD.event_id; END IF;\n"
            + "  RETURN OLD;\n"
            + "END $$;\n"
            + "DROP TRIGGER IF EXISTS audit_events_guard ON audit_events;\n"
            + "CREATE TRIGGER audit_events_guard BEFORE DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_guard();";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Migrator migrator;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("audit_events")
                        .migration("V1__create_audit_events.sql", V1)
                        .migration("V2__legal_hold.sql", V2)
                        .writeTo(jars),
                FamilyJar.family("notes")
                        .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);")
                        .writeTo(jars))));
    }

    @Test
    void tablesMadeByTheOldScriptsAreAdoptedAndTheirDataSurvives() {
        // What a service's copied SQL did: the same DDL, run by hand, no history table.
        database.execute(V1 + "\n" + V2);
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login'),"
                + " (2, 'workflow.run.started')");

        Plan plan = migrator.plan();
        assertThat(plan.adopting()).containsExactly("audit_events");
        assertThat(plan.toString()).contains("adopts existing tables");

        ApplyResult result = migrator.apply();

        assertThat(result.applied()).extracting(a -> a.migration().family() + " V" + a.migration().version()
                + " adopted=" + a.adopted())
                .containsExactly("audit_events V1 adopted=true", "audit_events V2 adopted=true", "notes V1 adopted=false");
        assertThat(database.history("public")).containsExactly("audit_events V1 1.0.0 true",
                "audit_events V2 1.0.0 true", "notes V1 1.0.0 true");
        assertThat(database.column("SELECT event_type FROM audit_events ORDER BY event_id"))
                .containsExactly("gateway.auth.login", "workflow.run.started");
    }

    @Test
    void afterAdoptionNothingIsAdoptedOrAppliedAgain() {
        database.execute(V1 + "\n" + V2);
        migrator.apply();

        assertThat(migrator.plan().adopting()).isEmpty();
        assertThat(migrator.apply().nothingApplied()).isTrue();
    }

    @Test
    void aDatabaseMadeByOlderScriptsGetsTheNewerMigrationsForReal() {
        database.execute(V1);
        database.execute("INSERT INTO audit_events (event_id, event_type) VALUES (1, 'gateway.auth.login')");

        migrator.apply();

        assertThat(database.columns("public", "audit_events")).containsExactly("event_id", "event_type", "legal_hold");
        assertThat(database.value("SELECT legal_hold FROM audit_events WHERE event_id = 1")).isEqualTo("f");
        database.execute("UPDATE audit_events SET legal_hold = true");
        assertThat(catchThrowable(
                () -> database.execute("DELETE FROM audit_events WHERE event_id = 1")))
                .hasMessageContaining("under legal hold");
    }

    @Test
    void aFreshDatabaseIsNotReportedAsAdopted() {
        assertThat(migrator.plan().adopting()).isEmpty();

        ApplyResult result = migrator.apply();

        assertThat(result.applied()).noneMatch(AppliedMigration::adopted);
    }

    @Test
    void tablesOfTheSameNameInAnotherSchemaAreNotAdopted() {
        database.execute("CREATE SCHEMA other; CREATE TABLE other.audit_events (id INT)");

        assertThat(migrator.plan().adopting()).isEmpty();
        assertThat(migrator.withConfig(MigrationConfig.builder().schema("other").build()).plan().adopting())
                .containsExactly("audit_events");
    }
}
