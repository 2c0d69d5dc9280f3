package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing goose's and Flyway's histories: the version they name is checked against the family's
 * snapshot of it, recorded as imported with the other tool's times, and the other tool's table is
 * left as it was.
 */
class ForeignHistoryImportTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS alerts (id BIGINT PRIMARY KEY, title TEXT NOT NULL);\n"
            + "CREATE TABLE IF NOT EXISTS severities (name TEXT NOT NULL);\n"
            + "INSERT INTO severities (name) VALUES ('critical'), ('warning');";
    private static final String V2 = "ALTER TABLE alerts ADD COLUMN IF NOT EXISTS severity TEXT;\n"
            + "INSERT INTO severities (name) VALUES ('info');";
    private static final String V3 = "CREATE INDEX IF NOT EXISTS alerts_severity_idx ON alerts (severity);";

    /** goose's own table, as goose creates it. */
    private static final String GOOSE_TABLE = "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint"
            + " NOT NULL, is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now());\n"
            + "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (0, true, '2024-01-01 09:00:00');\n";

    private static final String FLYWAY_TABLE = "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY,"
            + " version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000)"
            + " NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(),"
            + " execution_time INT NOT NULL, success BOOLEAN NOT NULL);\n";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Migrator migrator;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("alerting").tables("alerts", "severities")
                        .migration("V1__init.sql", V1)
                        .migration("V2__severity.sql", V2)
                        .migration("V3__severity_index.sql", V3)
                        .withSnapshot()
                        .writeTo(jars))))
                .withListener(MigrationListener.silent());
    }

    @Test
    void gooseHistoryIsImportedWithItsTimesAndOnlyTheLaterMigrationsRunAfterwards() {
        database.execute(V1 + "\n" + V2);
        database.execute(GOOSE_TABLE + "INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES"
                + " (1, true, '2024-02-01 10:00:00'), (2, true, '2024-03-01 11:00:00'), (3, true, '2024-04-01 12:00:00'),"
                + " (3, false, '2024-04-02 08:00:00');"); // V3 rolled back by goose down: the latest row decides
        database.execute("INSERT INTO alerts (id, title, severity) VALUES (1, 'disk full', 'critical')");
        List<String> gooseRows = database.column("SELECT id || ' ' || version_id || ' ' || is_applied || ' ' || tstamp"
                + " FROM goose_db_version ORDER BY id");

        AdoptionReport report = migrator.adopt(ForeignHistory.GOOSE);

        assertThat(report.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("alerting V2 IMPORTED");
        assertThat(database.column("SELECT version || ' ' || kind || ' ' || to_char(installed_at AT TIME ZONE"
                + " current_setting('TimeZone'), 'YYYY-MM-DD HH24:MI') || ' ' || execution_ms FROM schema_registry_history"
                + " ORDER BY version")).containsExactly("1 imported 2024-02-01 10:00 0", "2 imported 2024-03-01 11:00 0");
        assertThat(database.value("SELECT note FROM schema_registry_history WHERE version = 2"))
                .contains("goose_db_version").contains("matches V2's snapshot");
        assertThat(database.column("SELECT id || ' ' || version_id || ' ' || is_applied || ' ' || tstamp"
                + " FROM goose_db_version ORDER BY id")).isEqualTo(gooseRows);
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");

        ApplyResult result = migrator.apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(3);
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");
        assertThat(database.value("SELECT count(*) FROM alerts")).isEqualTo("1");
        assertThat(database.value("SELECT to_regclass('alerts_severity_idx') IS NOT NULL")).isEqualTo("t");
        assertThat(migrator.apply().nothingApplied()).isTrue();
    }

    @Test
    void gooseHistoryNamingAVersionTheSchemaIsNotAtIsRefusedWithTheDifferences() {
        database.execute(V1);
        database.execute(GOOSE_TABLE + "INSERT INTO goose_db_version (version_id, is_applied) VALUES (1, true), (2, true);");

        Throwable refused = catchThrowable(() -> migrator.adopt(ForeignHistory.GOOSE));

        assertThat(refused).isInstanceOf(ConflictException.class)
                .hasMessageContaining("it says V2, but the tables differ from V2's snapshot")
                .hasMessageContaining("missing column alerts.severity");
        assertThat(database.history("public")).isEmpty();
        assertThat(database.value("SELECT count(*) FROM goose_db_version")).isEqualTo("3");
    }

    @Test
    void gooseHistoryWithAGapIsRefused() {
        database.execute(V1 + "\n" + V2);
        database.execute(GOOSE_TABLE + "INSERT INTO goose_db_version (version_id, is_applied) VALUES (2, true);");

        assertThat(catchThrowable(() -> migrator.adopt(ForeignHistory.GOOSE))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("it has V2 but not V1");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void gooseHistoryNewerThanTheArtifactIsRefused() {
        database.execute(V1 + "\n" + V2 + "\n" + V3);
        database.execute(GOOSE_TABLE + "INSERT INTO goose_db_version (version_id, is_applied) VALUES (1, true), (2, true),"
                + " (3, true), (4, true);");

        assertThat(catchThrowable(() -> migrator.adopt(ForeignHistory.GOOSE))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("it has V4, but family 'alerting' 1.0.0 ends at V3");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void aSchemaWithoutGooseTableIsRefused() {
        database.execute(V1);

        assertThat(catchThrowable(() -> migrator.adopt(ForeignHistory.GOOSE))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("schema 'public' has no table goose_db_version");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void flywayHistoryIsImportedWithItsUserAndTimes() {
        database.execute(V1 + "\n" + V2 + "\n" + V3);
        database.execute(FLYWAY_TABLE + "INSERT INTO flyway_schema_history VALUES"
                + " (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'alice', '2024-02-01 10:00:00', 5, true),"
                + " (2, '2', 'severity', 'SQL', 'V2__severity.sql', 2, 'bob', '2024-03-01 11:00:00', 5, false),"
                + " (3, '2', 'severity', 'SQL', 'V2__severity.sql', 2, 'bob', '2024-03-01 11:05:00', 5, true),"
                + " (4, '3', 'severity index', 'SQL', 'V3__severity_index.sql', 3, 'carol', '2024-04-01 12:00:00', 5, true),"
                + " (5, NULL, 'views', 'SQL', 'R__views.sql', 4, 'carol', '2024-04-01 12:00:01', 5, true);");

        AdoptionReport report = migrator.adopt(ForeignHistory.FLYWAY);

        assertThat(report.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("alerting V3 IMPORTED");
        assertThat(database.column("SELECT version || ' ' || kind || ' ' || installed_by || ' ' || to_char(installed_at"
                + " AT TIME ZONE current_setting('TimeZone'), 'YYYY-MM-DD HH24:MI') FROM schema_registry_history ORDER BY version"))
                .containsExactly("1 imported alice 2024-02-01 10:00", "2 imported bob 2024-03-01 11:05",
                        "3 imported carol 2024-04-01 12:00");
        assertThat(database.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("5");
        assertThat(migrator.apply().nothingApplied()).isTrue();
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");
    }

    @Test
    void aFlywayBaselineStandsForTheVersionsUpToIt() {
        database.execute(V1 + "\n" + V2);
        database.execute(FLYWAY_TABLE + "INSERT INTO flyway_schema_history VALUES"
                + " (1, '2', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'ops', now(), 0, true);");

        migrator.adopt(ForeignHistory.FLYWAY);

        assertThat(database.column("SELECT version || ' ' || kind || ' ' || installed_by FROM schema_registry_history"
                + " ORDER BY version")).containsExactly("1 imported ops", "2 imported ops");
        assertThat(migrator.apply().applied()).extracting(a -> a.migration().version()).containsExactly(3);
    }

    @Test
    void aFamilyAlreadyInTheHistoryIsLeftAsItIs() {
        migrator.apply();
        database.execute(GOOSE_TABLE + "INSERT INTO goose_db_version (version_id, is_applied) VALUES (1, true);");

        AdoptionReport report = migrator.adopt(ForeignHistory.GOOSE);

        assertThat(report.adoptions()).isEmpty();
        assertThat(report.alreadyRecorded()).containsExactly("alerting");
        assertThat(database.column("SELECT kind FROM schema_registry_history")).containsOnly("applied").hasSize(3);
    }
}
