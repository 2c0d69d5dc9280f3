package io.kubernaut.schema.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code workflows} family as a service meets it: found on the classpath, applied, idempotent, as its snapshot says. */
class WorkflowsFamilyTest {

    private static final List<String> TABLES = List.of("workflow_versions", "workflows");

    private TestPostgres.Database database;

    @BeforeEach
    void createDatabase() {
        database = TestPostgres.newDatabase();
    }

    private ApplyResult applyTo(String schema) {
        return Migrator.using(database.dataSource()).withConfig(MigrationConfig.builder().schema(schema).build()).apply();
    }

    @Test
    void serviceLoaderFindsWorkflowsWithBothTablesAndItsIndexedMigrations() throws IOException {
        assertThat(ServiceLoader.load(SchemaModule.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(WorkflowsSchemaModule.class);

        SchemaCatalog catalog = SchemaCatalog.discover();

        assertThat(catalog.familyNames()).containsExactly("workflows");
        SchemaModule family = catalog.family("workflows").orElseThrow();
        assertThat(family.artifact()).isEqualTo("io.kubernaut.schema:schema-workflows");
        assertThat(family.tables()).containsExactlyInAnyOrderElementsOf(TABLES);
        assertThat(family.requires()).isEmpty();
        assertThat(family.migrations()).extracting(Migration::version, Migration::script).containsExactly(
                tuple(1, "V1__create_workflows.sql"), tuple(2, "V2__parameters_engine_labels.sql"));
        for (Migration migration : family.migrations()) {
            String source = Files.readString(Path.of("src/main/sql", migration.script()), StandardCharsets.UTF_8);
            assertThat(migration.checksum()).as("index checksum of %s", migration.script())
                    .isEqualTo(FamilyIndex.checksum(source))
                    .isEqualTo(FamilyIndex.checksum(family.readScript(migration)));
        }
    }

    @Test
    void freshApplyCreatesBothTablesAndNothingElseBesidesTheHistory() {
        ApplyResult result = applyTo("public");

        assertThat(result.families()).containsExactly("workflows");
        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(1, 2);
        assertThat(database.tables("public")).containsExactly("schema_registry_history", "workflow_versions", "workflows");
    }

    @Test
    void rerunAppliesNothing() {
        applyTo("public");

        ApplyResult again = applyTo("public");

        assertThat(again.nothingApplied()).isTrue();
        assertThat(again.alreadyApplied()).isEqualTo(2);
        assertThat(database.value("SELECT count(*) FROM schema_registry_history")).isEqualTo("2");
    }

    @Test
    void theJarsSnapshotEqualsTheShapeOfTheMigratedTablesInAnySchema() throws IOException, SQLException {
        SchemaSnapshot expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/schema-registry/workflows/snapshot.txt")) {
            assertThat(in).as("snapshot.txt on the classpath").isNotNull();
            expected = SchemaSnapshot.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(expected.entries()).containsKey("index\tworkflow_versions.idx_workflow_versions_labels");

        applyTo("public");
        applyTo("tenant_a");

        try (Connection connection = database.dataSource().getConnection()) {
            for (String schema : List.of("public", "tenant_a")) {
                assertThat(expected.compare(SchemaSnapshot.take(connection, schema, expected.objects())))
                        .as("differences in schema %s", schema).isEmpty();
            }
        }
    }
}
