package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.SingleConnectionDataSource;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The target schema: created if absent, the only place tables go, any name safely quoted. */
class SchemaTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private SchemaCatalog catalog;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY, kind TEXT);\n"
                        + "CREATE OR REPLACE FUNCTION events_count() RETURNS BIGINT LANGUAGE sql AS $$ SELECT count(*) FROM events $$;")
                .migration("V2__index_kind.sql", "CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind);\n"
                        + "INSERT INTO events (id, kind) VALUES (1, 'seed') ON CONFLICT DO NOTHING;")
                .writeTo(jars)));
    }

    private Migrator migrator(String schema) {
        return Migrator.using(database.dataSource()).withCatalog(catalog)
                .withConfig(MigrationConfig.builder().schema(schema).build());
    }

    @Test
    void theTargetSchemaIsCreatedAndHoldsTheTablesAndTheHistory() {
        ApplyResult result = migrator("tenant_a").apply();

        assertThat(result.schema()).isEqualTo("tenant_a");
        assertThat(database.schemas()).containsExactly("public", "tenant_a");
        assertThat(database.tables("tenant_a")).containsExactly("events", "schema_registry_history");
        assertThat(database.tables("public")).isEmpty();
        assertThat(database.value("SELECT n.nspname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE p.proname = 'events_count'")).isEqualTo("tenant_a");
        assertThat(database.value("SELECT count(*) FROM tenant_a.events")).isEqualTo("1");
        assertThat(database.history("tenant_a")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void anExistingSchemaIsUsedAsItIs() {
        database.execute("CREATE SCHEMA tenant_a; CREATE TABLE tenant_a.keep_me (id INT)");

        migrator("tenant_a").apply();

        assertThat(database.tables("tenant_a")).containsExactly("events", "keep_me", "schema_registry_history");
    }

    @Test
    void twoSchemasOfOneDatabaseHaveIndependentHistories() {
        migrator("tenant_a").apply();

        ApplyResult second = migrator("tenant_b").apply();

        assertThat(second.applied()).hasSize(2);
        assertThat(database.history("tenant_b")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        database.execute("DROP TABLE tenant_a.schema_registry_history, tenant_a.events CASCADE");
        assertThat(migrator("tenant_b").status().family("events").orElseThrow().state()).isEqualTo(FamilyState.UP_TO_DATE);
        assertThat(migrator("tenant_a").status().family("events").orElseThrow().state())
                .isEqualTo(FamilyState.NOT_INSTALLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"we\"ird; DROP TABLE x; --", "My Schema", "o'brien", "tenant$1", "Ünïcødé"})
    void aHostileOrUnusualSchemaNameLandsTablesInExactlyThatSchemaAndTouchesNothingElse(String schema) {
        database.execute("CREATE TABLE public.x (id INT)");
        List<String> schemasBefore = database.schemas();

        ApplyResult result = migrator(schema).apply();

        assertThat(result.applied()).hasSize(2);
        List<String> expectedSchemas = new ArrayList<>(schemasBefore);
        expectedSchemas.add(schema);
        assertThat(database.schemas()).containsExactlyInAnyOrderElementsOf(expectedSchemas);
        assertThat(database.tables(schema)).containsExactly("events", "schema_registry_history");
        assertThat(database.tables("public")).containsExactly("x");
        assertThat(database.history(schema)).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        // Every verb works with it, and a second run finds its history.
        assertThat(migrator(schema).apply().nothingApplied()).isTrue();
        assertThat(migrator(schema).plan().upToDate()).isTrue();
        assertThat(migrator(schema).status().family("events").orElseThrow().state()).isEqualTo(FamilyState.UP_TO_DATE);
        assertThat(migrator(schema).validate().valid()).isTrue();
    }

    @Test
    void aSchemaNameOverPostgresqlsIdentifierLimitIsRefused() {
        String longest = "s".repeat(63);

        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> MigrationConfig.builder().schema("s".repeat(64)).build())).hasMessageContaining("63-byte");
        // 32 two-byte characters: short in characters, 64 bytes for PostgreSQL.
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> MigrationConfig.builder().schema("é".repeat(32)).build())).hasMessageContaining("63-byte");
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> MigrationConfig.defaults().withSchema(""))).isNotNull();

        migrator(longest).apply();

        assertThat(database.tables(longest)).containsExactly("events", "schema_registry_history");
    }

    @Test
    void theSessionsSearchPathIsRestoredAfterApply() throws SQLException {
        try (SingleConnectionDataSource single = new SingleConnectionDataSource(database.dataSource().getConnection())) {
            execute(single, "CREATE SCHEMA custom; SET search_path TO custom, public");
            String before = searchPath(single);

            Migrator.using(single).withCatalog(catalog).withConfig(MigrationConfig.builder().schema("tenant_a").build())
                    .apply();

            assertThat(searchPath(single)).isEqualTo(before).isEqualTo("custom, public");
            assertThat(single.connection().getAutoCommit()).isTrue();
            assertThat(database.tables("custom")).isEmpty();
        }
    }

    @Test
    void theSessionsSearchPathIsRestoredAfterAFailure() throws SQLException {
        SchemaCatalog failing = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("broken")
                .migration("V1__fail.sql", "CREATE TABLE IF NOT EXISTS broken (id INT);\nSELECT 1 / 0;")
                .writeTo(jars.resolve("broken"))));
        try (SingleConnectionDataSource single = new SingleConnectionDataSource(database.dataSource().getConnection())) {
            execute(single, "SET search_path TO public");

            catchThrowableOfType(MigrationFailedException.class, () -> Migrator.using(single).withCatalog(failing)
                    .withConfig(MigrationConfig.builder().schema("tenant_a").build()).apply());
            assertThat(searchPath(single)).isEqualTo("public");

            catchThrowableOfType(MigrationFailedException.class, () -> Migrator.using(single).withCatalog(failing)
                    .withConfig(MigrationConfig.builder().schema("tenant_a").allOrNothing(true).build()).apply());
            assertThat(searchPath(single)).isEqualTo("public");
            assertThat(single.connection().getAutoCommit()).isTrue();
        }
    }

    private static void execute(SingleConnectionDataSource dataSource, String sql) throws SQLException {
        try (Statement statement = dataSource.connection().createStatement()) {
            statement.execute(sql);
        }
    }

    private static String searchPath(SingleConnectionDataSource dataSource) throws SQLException {
        try (Statement statement = dataSource.connection().createStatement();
                ResultSet result = statement.executeQuery("SHOW search_path")) {
            result.next();
            return result.getString(1);
        }
    }
}
