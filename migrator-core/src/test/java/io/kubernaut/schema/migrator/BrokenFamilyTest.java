package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A family jar whose index and scripts disagree (a script left out, a script changed after the
 * build) is refused before anything runs, naming the script and the jar.
 */
class BrokenFamilyTest {

    private static final String V2 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path healthy;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        healthy = FamilyJar.family("aaa_first")
                .migration("V1__create_first.sql", "CREATE TABLE IF NOT EXISTS aaa_first (id INT);")
                .writeTo(jars);
    }

    private static FamilyJar events() {
        return FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .migration("V2__add_kind.sql", V2);
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)));
    }

    @Test
    void aScriptListedInTheIndexButMissingFromTheJarIsNamedWithTheJarAndNothingIsApplied() {
        Path broken = events().withoutScriptFile("V2__add_kind.sql").writeTo(jars);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> migrator(healthy, broken).apply());

        assertThat(e.getMessage()).contains("V2__add_kind.sql", broken.toString(), "Nothing was applied");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void aScriptThatDoesNotMatchItsIndexChecksumIsRefusedAndNothingIsApplied() {
        Path broken = events().withWrongChecksum("V2__add_kind.sql").writeTo(jars);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> migrator(healthy, broken).apply());

        assertThat(e.getMessage()).contains("V2__add_kind.sql", broken.toString(), FamilyIndex.checksum(V2),
                "Nothing was applied");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void planAndValidateReportABrokenJarToo() {
        Path broken = events().withoutScriptFile("V1__create_events.sql").writeTo(jars);

        assertThat(catchThrowableOfType(ConfigurationException.class, () -> migrator(broken).plan()))
                .hasMessageContaining("V1__create_events.sql");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> migrator(broken).validate()))
                .hasMessageContaining("V1__create_events.sql");
    }

    @Test
    void aBrokenFamilyOutsideTheSelectionDoesNotStopTheRun() {
        Path broken = events().withWrongChecksum("V1__create_events.sql").writeTo(jars);

        ApplyResult result = migrator(healthy, broken)
                .withConfig(MigrationConfig.builder().tables("aaa_first").build()).apply();

        assertThat(result.families()).containsExactly("aaa_first");
    }
}
