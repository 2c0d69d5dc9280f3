package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private SchemaCatalog catalog;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        catalog = SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("events").version("1.2.0")
                        .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);")
                        .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;\n"
                                + "CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind);")
                        .writeTo(jars)));
    }

    @Test
    void freshApplyCreatesTablesAndRecordsEachMigration() {
        ApplyResult result = Migrator.using(database.dataSource()).withCatalog(catalog).apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(1, 2);
        assertThat(database.tables("public")).containsExactly("events", "schema_registry_history");
        assertThat(database.column("SELECT family || ' V' || version || ' ' || artifact_version || ' ' || success"
                + " FROM schema_registry_history ORDER BY version"))
                .containsExactly("events V1 1.2.0 true", "events V2 1.2.0 true");
    }

    @Test
    void rerunAppliesNothing() {
        Migrator migrator = Migrator.using(database.dataSource()).withCatalog(catalog);
        migrator.apply();

        ApplyResult second = migrator.apply();

        assertThat(second.nothingApplied()).isTrue();
        assertThat(second.alreadyApplied()).isEqualTo(2);
        assertThat(database.value("SELECT count(*) FROM schema_registry_history")).isEqualTo("2");
    }

    @Test
    void anotherMigratorLaterFindsEverythingAppliedAndRewritesNoHistory() {
        Migrator.using(database.dataSource()).withCatalog(catalog).apply();
        List<String> recorded = database.column("SELECT version || ' ' || installed_at || ' ' || execution_ms"
                + " FROM schema_registry_history ORDER BY version");

        ApplyResult later = Migrator.using(database.jdbcUrl(), database.server().user(), database.server().password())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jars.resolve("events-1.2.0.jar")))).apply();

        assertThat(later.nothingApplied()).isTrue();
        assertThat(database.column("SELECT version || ' ' || installed_at || ' ' || execution_ms"
                + " FROM schema_registry_history ORDER BY version")).isEqualTo(recorded);
    }

    @Test
    void theResultReadsAsATable() {
        ApplyResult result = Migrator.using(database.dataSource()).withCatalog(catalog).apply();

        assertThat(result.schema()).isEqualTo("public");
        assertThat(result.families()).containsExactly("events");
        assertThat(result.toString()).contains("FAMILY", "events", "V1", "create events", "V2", "add kind",
                "Applied 2 migrations to schema 'public' (0 already applied)");
    }
}
