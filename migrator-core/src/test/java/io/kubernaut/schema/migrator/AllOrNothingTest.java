package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The all-or-nothing mode: the whole run is one transaction. */
class AllOrNothingTest {

    private static final MigrationConfig ALL_OR_NOTHING = MigrationConfig.builder().allOrNothing(true).build();

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path first;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        first = FamilyJar.family("first")
                .migration("V1__create_first.sql", "CREATE TABLE IF NOT EXISTS first (id INT);")
                .writeTo(jars);
    }

    private Migrator migrator(MigrationConfig config, Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)))
                .withConfig(config);
    }

    private Path second(String v3) {
        return FamilyJar.family("second").requires("first")
                .migration("V1__create_second.sql", "CREATE TABLE IF NOT EXISTS second (id INT);")
                .migration("V2__add_name.sql", "ALTER TABLE second ADD COLUMN IF NOT EXISTS name TEXT;")
                .migration("V3__seed.sql", v3)
                .writeTo(jars);
    }

    @Test
    void aFailureInTheThirdMigrationLeavesNoTableAndNoHistory() {
        Path second = second("INSERT INTO second (id, nme) VALUES (1, 'x');");

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(ALL_OR_NOTHING, first, second).apply());

        assertThat(e.getMessage()).startsWith("migration 'second' V3 (V3__seed.sql:1) failed:");
        assertThat(database.tables("public")).isEmpty();
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void aFailureLeavesNoSchemaBehindEither() {
        Path second = second("SELECT 1 / 0;");

        catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(ALL_OR_NOTHING.withSchema("tenant_a"), first, second).apply());

        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void successCommitsEverything() {
        Path second = second("INSERT INTO second (id, name) VALUES (1, 'x');");

        ApplyResult result = migrator(ALL_OR_NOTHING, first, second).apply();

        assertThat(result.applied()).hasSize(4);
        assertThat(database.tables("public")).containsExactly("first", "schema_registry_history", "second");
        assertThat(database.value("SELECT name FROM second")).isEqualTo("x");
        assertThat(database.history("public")).containsExactly("first V1 1.0.0 true", "second V1 1.0.0 true",
                "second V2 1.0.0 true", "second V3 1.0.0 true");
    }

    @Test
    void aFailureKeepsWhatEarlierRunsAppliedAndAddsNothing() {
        migrator(MigrationConfig.defaults(), first).apply();
        Path second = second("SELECT 1 / 0;");

        catchThrowableOfType(MigrationFailedException.class, () -> migrator(ALL_OR_NOTHING, first, second).apply());

        assertThat(database.tables("public")).containsExactly("first", "schema_registry_history");
        assertThat(database.history("public")).containsExactly("first V1 1.0.0 true");
    }

    @Test
    void withoutTheModeTheMigrationsBeforeTheFailureStay() {
        Path second = second("SELECT 1 / 0;");

        catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(MigrationConfig.defaults(), first, second).apply());

        assertThat(database.history("public")).containsExactly("first V1 1.0.0 true", "second V1 1.0.0 true",
                "second V2 1.0.0 true");
    }

    @Test
    void aNonTransactionalMigrationIsRefusedBeforeAnythingRuns() {
        Path indexed = FamilyJar.family("indexed").requires("first")
                .migration("V1__create_indexed.sql", "CREATE TABLE IF NOT EXISTS indexed (id INT);")
                .migration("V2__index.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS indexed_id ON indexed (id);")
                .nonTransactional("V2__index.sql")
                .writeTo(jars);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> migrator(ALL_OR_NOTHING, first, indexed).apply());

        assertThat(e.getMessage()).contains("'indexed' V2 (V2__index.sql)", "all-or-nothing");
        assertThat(database.tables("public")).isEmpty();
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> migrator(ALL_OR_NOTHING, first, indexed).plan())).hasMessageContaining("V2__index.sql");
    }

    @Test
    void aNonTransactionalMigrationOutsideTheSelectionDoesNotMatter() {
        Path indexed = FamilyJar.family("indexed")
                .migration("V1__index.sql", "SELECT 1;")
                .nonTransactional("V1__index.sql")
                .writeTo(jars);

        ApplyResult result = migrator(ALL_OR_NOTHING.withTables(List.of("first")), first, indexed).apply();

        assertThat(result.families()).containsExactly("first");
    }
}
