package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which families a run applies: by table, by family name, by what is on the class path. */
class SelectionTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path auditJar;
    private Path workflowsJar;
    private Path notesJar;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        auditJar = FamilyJar.family("audit_events")
                .migration("V1__create_audit_events.sql", "CREATE TABLE IF NOT EXISTS audit_events (id BIGINT PRIMARY KEY);")
                .writeTo(jars);
        workflowsJar = FamilyJar.family("workflows").tables("workflows", "workflow_versions")
                .migration("V1__create_workflows.sql", "CREATE TABLE IF NOT EXISTS workflows (id BIGINT PRIMARY KEY);")
                .migration("V2__create_workflow_versions.sql", "CREATE TABLE IF NOT EXISTS workflow_versions ("
                        + "id BIGINT PRIMARY KEY, workflow_id BIGINT NOT NULL REFERENCES workflows (id));")
                .writeTo(jars);
        notesJar = FamilyJar.family("notes")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id BIGINT PRIMARY KEY);")
                .writeTo(jars);
    }

    private Migrator migrator(MigrationConfig config) {
        return Migrator.using(database.dataSource())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(auditJar, workflowsJar, notesJar)))
                .withConfig(config);
    }

    @Test
    void everyFamilyOnTheClassPathIsAppliedByDefault() {
        ApplyResult result = migrator(MigrationConfig.defaults()).apply();

        assertThat(result.families()).containsExactly("audit_events", "notes", "workflows");
        assertThat(database.tables("public")).containsExactly("audit_events", "notes", "schema_registry_history",
                "workflow_versions", "workflows");
    }

    @Test
    void aTableSelectsOnlyTheFamilyThatOwnsIt() {
        ApplyResult result = migrator(MigrationConfig.builder().tables("audit_events").build()).apply();

        assertThat(result.families()).containsExactly("audit_events");
        assertThat(database.tables("public")).containsExactly("audit_events", "schema_registry_history");
        assertThat(database.history("public")).containsExactly("audit_events V1 1.0.0 true");
    }

    @Test
    void aSecondTableOfAFamilySelectsTheWholeFamily() {
        ApplyResult result = migrator(MigrationConfig.builder().tables("workflow_versions").build()).apply();

        assertThat(result.families()).containsExactly("workflows");
        assertThat(database.tables("public")).containsExactly("schema_registry_history", "workflow_versions", "workflows");
        assertThat(database.history("public")).containsExactly("workflows V1 1.0.0 true", "workflows V2 1.0.0 true");
    }

    @Test
    void aFamilyNameSelectsThatFamily() {
        ApplyResult result = migrator(MigrationConfig.builder().families("notes").build()).apply();

        assertThat(result.families()).containsExactly("notes");
        assertThat(database.tables("public")).containsExactly("notes", "schema_registry_history");
    }

    @Test
    void tablesAndFamiliesTogetherSelectTheUnion() {
        ApplyResult result = migrator(MigrationConfig.builder().tables("audit_events").families("notes").build()).apply();

        assertThat(result.families()).containsExactly("audit_events", "notes");
        assertThat(database.tables("public")).containsExactly("audit_events", "notes", "schema_registry_history");
    }

    @Test
    void aLaterRunWithAWiderSelectionAppliesOnlyTheNewFamilies() {
        migrator(MigrationConfig.builder().tables("audit_events").build()).apply();

        ApplyResult wider = migrator(MigrationConfig.builder().tables("audit_events", "notes").build()).apply();

        assertThat(wider.applied()).extracting(a -> a.migration().family()).containsExactly("notes");
        assertThat(wider.alreadyApplied()).isEqualTo(1);
    }

    @Test
    void aClassLoaderWithOneFamilyJarSeesOnlyThatFamily() {
        URLClassLoader loader = FamilyJar.loaderOf(notesJar);

        assertThat(SchemaCatalog.discover(loader).familyNames()).containsExactly("notes");
        ApplyResult result = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(loader)).apply();

        assertThat(result.families()).containsExactly("notes");
        assertThat(database.tables("public")).containsExactly("notes", "schema_registry_history");
    }

    @Test
    void withoutACatalogTheFamiliesOfTheContextClassLoaderAreApplied() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FamilyJar.loaderOf(auditJar));
        try {
            ApplyResult result = Migrator.using(database.dataSource()).apply();

            assertThat(result.families()).containsExactly("audit_events");
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(database.tables("public")).containsExactly("audit_events", "schema_registry_history");
    }

    @Test
    void anUnknownTableIsRefusedListingWhatIsAvailableAndNothingIsApplied() {
        UnknownSelectionException e = catchThrowableOfType(UnknownSelectionException.class,
                () -> migrator(MigrationConfig.builder().tables("audit_events", "audit_event").build()).apply());

        assertThat(e.unknown()).containsExactly("audit_event");
        assertThat(e.availableTables()).containsExactlyInAnyOrder("audit_events", "notes", "workflows", "workflow_versions");
        assertThat(e.availableFamilies()).containsExactlyInAnyOrder("audit_events", "notes", "workflows");
        assertThat(e.getMessage()).contains("'audit_event'",
                "Available tables: 'audit_events', 'notes', 'workflow_versions', 'workflows'",
                "families: 'audit_events', 'notes', 'workflows'", "Nothing was applied");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void anUnknownFamilyIsRefusedAndNoSchemaOrHistoryIsCreated() {
        MigrationConfig config = MigrationConfig.builder().schema("tenant").families("notes", "no_such_family").build();

        UnknownSelectionException e = catchThrowableOfType(UnknownSelectionException.class,
                () -> migrator(config).apply());

        assertThat(e.unknown()).containsExactly("no_such_family");
        assertThat(e.getMessage()).contains("'no_such_family'", "'notes'");
        assertThat(database.schemas()).containsExactly("public");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void anEmptyClassPathSaysNoFamilyIsThere() {
        SchemaCatalog empty = SchemaCatalog.discover(FamilyJar.loaderOf());

        UnknownSelectionException e = catchThrowableOfType(UnknownSelectionException.class,
                () -> Migrator.using(database.dataSource()).withCatalog(empty)
                        .withConfig(MigrationConfig.builder().tables("audit_events").build()).apply());

        assertThat(e.getMessage()).contains("Available tables: none", "no family artifact on the classpath");
    }
}
