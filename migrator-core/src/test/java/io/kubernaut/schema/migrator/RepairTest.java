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

/** Repair: a deliberately changed script accepted, recorded with who, when and why; refused otherwise. */
class RepairTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String V1_EDITED = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY); -- reformatted";
    private static final String V2 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(Path jar) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)));
    }

    private Path events(String directory, String... scripts) {
        FamilyJar jar = FamilyJar.family("events").tables("events").version("1.0.0");
        String[] names = {"V1__create_events.sql", "V2__add_kind.sql"};
        for (int i = 0; i < scripts.length; i++) {
            jar.migration(names[i], scripts[i]);
        }
        return jar.writeTo(jars.resolve(directory));
    }

    private String historyOf(int version, String column) {
        return database.value("SELECT " + column + " FROM public.schema_registry_history WHERE family = 'events'"
                + " AND version = " + version);
    }

    @Test
    void repairAcceptsTheChangedChecksumAndRecordsWhoWhenAndWhy() {
        migrator(events("old", V1)).apply();
        String installedAt = historyOf(1, "installed_at");
        Path edited = events("edited", V1_EDITED, V2);

        RepairResult result = migrator(edited).repair("events", 1, "comment added, same DDL");

        assertThat(result.repaired()).isTrue();
        assertThat(result.previousChecksum()).isEqualTo(FamilyIndex.checksum(V1));
        assertThat(result.checksum()).isEqualTo(FamilyIndex.checksum(V1_EDITED));
        assertThat(result.repairedBy()).contains(database.value("SELECT current_user"));
        assertThat(result.repairedAt()).isNotNull();
        assertThat(historyOf(1, "checksum")).isEqualTo(FamilyIndex.checksum(V1_EDITED));
        assertThat(historyOf(1, "kind")).isEqualTo("repaired");
        assertThat(historyOf(1, "note")).contains("checksum " + FamilyIndex.checksum(V1) + " accepted as "
                + FamilyIndex.checksum(V1_EDITED), "by " + database.value("SELECT current_user"),
                System.getProperty("user.name"), ": comment added, same DDL");
        assertThat(historyOf(1, "installed_at")).isEqualTo(installedAt);
        assertThat(result.toString()).contains("Repaired 'events' V1", "comment added, same DDL");

        // The changed script is accepted and not run again; the next migration applies.
        ApplyResult applied = migrator(edited).apply();
        assertThat(applied.applied()).extracting(m -> m.migration().version()).containsExactly(2);
        assertThat(database.columns("public", "events")).contains("kind");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void repairWithoutAReasonIsRefusedAndChangesNothing() {
        migrator(events("old", V1)).apply();
        Path edited = events("edited", V1_EDITED);

        for (String reason : new String[] {null, " "}) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> migrator(edited).repair("events", 1, reason));
            assertThat(e).hasMessageContaining("needs a reason");
        }
        assertThat(historyOf(1, "checksum")).isEqualTo(FamilyIndex.checksum(V1));
        assertThat(historyOf(1, "kind")).isEqualTo("applied");
    }

    @Test
    void repairOfAnUnchangedScriptChangesNothing() {
        migrator(events("old", V1)).apply();

        RepairResult result = migrator(events("same", V1)).repair("events", 1, "just in case");

        assertThat(result.repaired()).isFalse();
        assertThat(result.toString()).startsWith("Nothing to repair");
        assertThat(historyOf(1, "kind")).isEqualTo("applied");
        assertThat(historyOf(1, "note")).isNull();
    }

    @Test
    void repairOfAnUnknownFamilyOrVersionOrOfAMigrationNeverAppliedIsRefused() {
        migrator(events("old", V1)).apply();
        Migrator migrator = migrator(events("edited", V1_EDITED, V2));

        assertThat(catchThrowableOfType(ConfigurationException.class, () -> migrator.repair("nope", 1, "r")))
                .hasMessageContaining("No family 'nope'");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> migrator.repair("events", 7, "r")))
                .hasMessageContaining("not V7");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> migrator.repair("events", 2, "r")))
                .hasMessageContaining("never applied");
        assertThat(historyOf(1, "checksum")).isEqualTo(FamilyIndex.checksum(V1));
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }
}
