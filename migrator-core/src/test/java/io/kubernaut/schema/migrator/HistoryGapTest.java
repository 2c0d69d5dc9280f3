package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap in the history (an applied version above one that is not applied) is a conflict: running
 * the missing version now would run it after the later ones. Only an explicit out-of-order option
 * allows it, said in the output and recorded in the history's note.
 */
class HistoryGapTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private SchemaCatalog catalog;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        // V2 then V3 set the same column: V2 run again after V3 would undo V3.
        catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT, kind TEXT);\n"
                        + "CREATE TABLE IF NOT EXISTS migration_log (step TEXT);\n"
                        + "INSERT INTO events VALUES (1, NULL);")
                .migration("V2__kind_default.sql", "UPDATE events SET kind = 'v2';\nINSERT INTO migration_log VALUES ('v2');")
                .migration("V3__kind_renamed.sql", "UPDATE events SET kind = 'v3';\nINSERT INTO migration_log VALUES ('v3');")
                .writeTo(jars)));
        migrator(MigrationConfig.defaults()).apply();
        database.execute("DELETE FROM schema_registry_history WHERE version = 2");
    }

    private Migrator migrator(MigrationConfig config) {
        return Migrator.using(database.dataSource()).withCatalog(catalog).withConfig(config);
    }

    @Test
    void applyRefusesAGapNamingTheMissingVersionAndChangesNothing() {
        ConflictException e = catchThrowableOfType(ConflictException.class, () -> migrator(MigrationConfig.defaults()).apply());

        assertThat(e.conflicts()).singleElement().isInstanceOfSatisfying(Conflict.HistoryGap.class, gap -> {
            assertThat(gap.family()).isEqualTo("events");
            assertThat(gap.missingVersions()).containsExactly(2);
            assertThat(gap.appliedAbove()).isEqualTo(3);
        });
        assertThat(e.getMessage()).contains("'events' lacks V2 although V3 is applied", "--out-of-order");
        assertThat(database.value("SELECT kind FROM events")).isEqualTo("v3");
        assertThat(database.column("SELECT step FROM migration_log ORDER BY step")).containsExactly("v2", "v3");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V3 1.0.0 true");
    }

    @Test
    void planRefusesAGapToo() {
        ConflictException e = catchThrowableOfType(ConflictException.class, () -> migrator(MigrationConfig.defaults()).plan());

        assertThat(e.conflicts()).singleElement().isInstanceOf(Conflict.HistoryGap.class);
    }

    @Test
    void validateFailsOnAGap() {
        ValidationResult result = migrator(MigrationConfig.defaults()).validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.conflicts()).singleElement().extracting(Conflict::describe).asString()
                .contains("lacks V2 although V3 is applied");
        assertThat(database.history("public")).hasSize(2);
    }

    @Test
    void statusShowsTheGapInsteadOfUpToDate() {
        FamilyStatus status = migrator(MigrationConfig.defaults()).status().family("events").orElseThrow();

        assertThat(status.state()).isEqualTo(FamilyState.GAP);
        assertThat(status.missing()).containsExactly(2);
        assertThat(status.pending()).containsExactly(2);
        assertThat(migrator(MigrationConfig.defaults()).status().toString()).contains("gap (V2 missing below V3)");
    }

    @Test
    void outOfOrderRunsTheMissingVersionSaysSoAndRecordsItInTheNote() {
        List<String> warnings = new CopyOnWriteArrayList<>();

        ApplyResult result = migrator(MigrationConfig.builder().outOfOrder(true).build()).withListener(new MigrationListener() {
            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        }).apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(result.warnings()).singleElement().asString().contains("out of order", "V2 of 'events' run after V3");
        assertThat(warnings).containsExactlyElementsOf(result.warnings());
        assertThat(database.value("SELECT kind FROM events")).isEqualTo("v2");
        assertThat(database.value("SELECT note FROM schema_registry_history WHERE version = 2"))
                .isEqualTo("applied out of order, after V3 (out-of-order allowed)");
        assertThat(database.value("SELECT count(*) FROM schema_registry_history WHERE note IS NOT NULL")).isEqualTo("1");
        assertThat(migrator(MigrationConfig.defaults()).validate().valid()).isTrue();
    }

    @Test
    void pendingVersionsAboveTheLastAppliedOneAreNoGap() {
        database.execute("DELETE FROM schema_registry_history WHERE version = 3");

        assertThat(migrator(MigrationConfig.defaults()).validate().valid()).isTrue();
        assertThat(migrator(MigrationConfig.defaults()).status().family("events").orElseThrow().state())
                .isEqualTo(FamilyState.PENDING);
    }
}
