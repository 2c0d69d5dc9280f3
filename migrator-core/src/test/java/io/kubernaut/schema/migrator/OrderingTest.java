package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Families in dependency order (required families pulled in and applied first, cycles refused with
 * the cycle named), migrations in version order.
 */
class OrderingTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(MigrationConfig config, Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)))
                .withConfig(config);
    }

    /**
     * alpha requires middle, middle requires zeta: names sort the other way round, and each family's
     * foreign key fails unless the family it requires was applied before it.
     */
    private Path[] chain() {
        return new Path[] {
            FamilyJar.family("alpha").requires("middle")
                    .migration("V1__create_alpha.sql", "CREATE TABLE IF NOT EXISTS alpha (id INT PRIMARY KEY,"
                            + " middle_id INT REFERENCES middle (id));")
                    .writeTo(jars),
            FamilyJar.family("middle").requires("zeta")
                    .migration("V1__create_middle.sql", "CREATE TABLE IF NOT EXISTS middle (id INT PRIMARY KEY,"
                            + " zeta_id INT REFERENCES zeta (id));")
                    .writeTo(jars),
            FamilyJar.family("zeta")
                    .migration("V1__create_zeta.sql", "CREATE TABLE IF NOT EXISTS zeta (id INT PRIMARY KEY);")
                    .migration("V2__add_name.sql", "ALTER TABLE zeta ADD COLUMN IF NOT EXISTS name TEXT;")
                    .writeTo(jars),
            FamilyJar.family("unrelated")
                    .migration("V1__create_unrelated.sql", "CREATE TABLE IF NOT EXISTS unrelated (id INT);")
                    .writeTo(jars)
        };
    }

    @Test
    void selectingAFamilyPullsInWhatItRequiresAndAppliesThatFirst() {
        ApplyResult result = migrator(MigrationConfig.builder().tables("alpha").build(), chain()).apply();

        assertThat(result.families()).containsExactly("zeta", "middle", "alpha");
        assertThat(result.applied()).extracting(a -> a.migration().family() + " V" + a.migration().version())
                .containsExactly("zeta V1", "zeta V2", "middle V1", "alpha V1");
        assertThat(database.history("public")).containsExactly("zeta V1 1.0.0 true", "zeta V2 1.0.0 true",
                "middle V1 1.0.0 true", "alpha V1 1.0.0 true");
        assertThat(database.tables("public")).doesNotContain("unrelated");
    }

    @Test
    void requiredFamiliesComeFirstAlsoWhenEverythingIsSelected() {
        ApplyResult result = migrator(MigrationConfig.defaults(), chain()).apply();

        assertThat(result.families()).containsExactly("zeta", "middle", "alpha", "unrelated");
        assertThat(database.tables("public")).contains("alpha", "middle", "zeta", "unrelated");
    }

    @Test
    void aRequiredFamilyAlreadyAppliedIsNotAppliedAgain() {
        Path[] jars = chain();
        migrator(MigrationConfig.builder().families("zeta").build(), jars).apply();

        ApplyResult result = migrator(MigrationConfig.builder().families("alpha").build(), jars).apply();

        assertThat(result.applied()).extracting(a -> a.migration().family()).containsExactly("middle", "alpha");
        assertThat(result.alreadyApplied()).isEqualTo(2);
    }

    @Test
    void migrationsRunInVersionOrderWhateverTheirOrderInTheJar() {
        Path jar = FamilyJar.family("steps")
                .migration("V3__add_c.sql", "ALTER TABLE steps ADD COLUMN IF NOT EXISTS c INT;")
                .migration("V1__create_steps.sql", "CREATE TABLE IF NOT EXISTS steps (a INT);")
                .migration("V2__add_b.sql", "ALTER TABLE steps ADD COLUMN IF NOT EXISTS b INT;")
                .writeTo(jars);

        ApplyResult result = migrator(MigrationConfig.defaults(), jar).apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(1, 2, 3);
        assertThat(database.columns("public", "steps")).containsExactly("a", "b", "c");
        assertThat(database.history("public")).containsExactly("steps V1 1.0.0 true", "steps V2 1.0.0 true",
                "steps V3 1.0.0 true");
    }

    @Test
    void aCycleIsRefusedNamingItAndNothingIsApplied() {
        Path a = FamilyJar.family("a").requires("b")
                .migration("V1__create_a.sql", "CREATE TABLE IF NOT EXISTS a (id INT);").writeTo(jars);
        Path b = FamilyJar.family("b").requires("a")
                .migration("V1__create_b.sql", "CREATE TABLE IF NOT EXISTS b (id INT);").writeTo(jars);

        DependencyCycleException e = catchThrowableOfType(DependencyCycleException.class,
                () -> migrator(MigrationConfig.defaults(), a, b).apply());

        assertThat(e.cycle()).containsExactly("a", "b", "a");
        assertThat(e.getMessage()).contains("a -> b -> a", "Nothing was applied");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void aLongerCycleBehindAnInnocentFamilyIsNamedFromWhereItCloses() {
        Path top = FamilyJar.family("top").requires("c1")
                .migration("V1__create_top.sql", "CREATE TABLE IF NOT EXISTS top (id INT);").writeTo(jars);
        Path c1 = FamilyJar.family("c1").requires("c2")
                .migration("V1__create_c1.sql", "CREATE TABLE IF NOT EXISTS c1 (id INT);").writeTo(jars);
        Path c2 = FamilyJar.family("c2").requires("c3")
                .migration("V1__create_c2.sql", "CREATE TABLE IF NOT EXISTS c2 (id INT);").writeTo(jars);
        Path c3 = FamilyJar.family("c3").requires("c1")
                .migration("V1__create_c3.sql", "CREATE TABLE IF NOT EXISTS c3 (id INT);").writeTo(jars);

        DependencyCycleException e = catchThrowableOfType(DependencyCycleException.class,
                () -> migrator(MigrationConfig.builder().tables("top").build(), top, c1, c2, c3).apply());

        assertThat(e.cycle()).containsExactly("c1", "c2", "c3", "c1");
        assertThat(e.getMessage()).contains("c1 -> c2 -> c3 -> c1").doesNotContain("top ->");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void aCycleAlsoStopsPlan() {
        Path a = FamilyJar.family("a").requires("b")
                .migration("V1__create_a.sql", "CREATE TABLE IF NOT EXISTS a (id INT);").writeTo(jars);
        Path b = FamilyJar.family("b").requires("a")
                .migration("V1__create_b.sql", "CREATE TABLE IF NOT EXISTS b (id INT);").writeTo(jars);

        assertThat(catchThrowableOfType(DependencyCycleException.class,
                () -> migrator(MigrationConfig.defaults(), a, b).plan()).cycle()).containsExactly("a", "b", "a");
    }

    @Test
    void aRequiredFamilyMissingFromTheClassPathIsNamedWithWhoRequiresIt() {
        Path orders = FamilyJar.family("orders").requires("customers")
                .migration("V1__create_orders.sql", "CREATE TABLE IF NOT EXISTS orders (id INT);").writeTo(jars);
        Path notes = FamilyJar.family("notes")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);").writeTo(jars);

        MissingFamilyException e = catchThrowableOfType(MissingFamilyException.class,
                () -> migrator(MigrationConfig.defaults(), orders, notes).apply());

        assertThat(e.family()).isEqualTo("orders");
        assertThat(e.missing()).isEqualTo("customers");
        assertThat(e.getMessage()).contains("'orders'", "'customers'", orders.getFileName().toString(),
                "Nothing was applied");
        assertThat(database.tables("public")).isEmpty();
    }
}
