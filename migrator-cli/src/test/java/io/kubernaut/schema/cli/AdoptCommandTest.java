package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrator adopt} and {@code --baseline-version}, as a team moving from goose or Flyway runs them:
 * verify, adopt, apply, each changing only the history.
 */
class AdoptCommandTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS alerts (id BIGINT PRIMARY KEY, title TEXT NOT NULL);\n"
            + "CREATE TABLE IF NOT EXISTS severities (name TEXT NOT NULL);\n"
            + "INSERT INTO severities (name) VALUES ('critical'), ('warning');";
    private static final String V2 = "ALTER TABLE alerts ADD COLUMN IF NOT EXISTS severity TEXT;\n"
            + "INSERT INTO severities (name) VALUES ('info');";
    private static final String GOOSE = "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL,"
            + " is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now());\n"
            + "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true);";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path alerting;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        alerting = FamilyJar.family("alerting").tables("alerts", "severities")
                .migration("V1__init.sql", V1)
                .migration("V2__severity.sql", V2)
                .withSnapshot()
                .writeTo(jars);
    }

    @Test
    void verifyThenAdoptFromGooseThenApplyChangesOnlyTheHistoryAndRunsTheLaterMigration() {
        database.execute(V1 + "\n" + GOOSE + "\nINSERT INTO alerts VALUES (1, 'disk full');");

        Result verify = Cli.run(Cli.args("verify", Cli.connect(database), Cli.classpath(alerting)));
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("not in the history; the tables match the snapshot of V1 (the artifact goes to V2)");

        Result adopt = Cli.run(Cli.args("adopt", "--from", "goose", "--json", Cli.connect(database),
                Cli.classpath(alerting)));
        assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
        assertThat(adopt.json().at("/adoptions/0/family").asText()).isEqualTo("alerting");
        assertThat(adopt.json().at("/adoptions/0/version").asInt()).isEqualTo(1);
        assertThat(adopt.json().at("/adoptions/0/kind").asText()).isEqualTo("imported");
        assertThat(history()).containsExactly("1 imported");
        assertThat(database.value("SELECT count(*) FROM goose_db_version")).isEqualTo("2");
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("2");

        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(alerting)));
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(history()).containsExactly("1 imported", "2 applied");
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");
        assertThat(database.value("SELECT count(*) FROM alerts")).isEqualTo("1");

        Result status = Cli.run(Cli.args("status", "--json", Cli.connect(database), Cli.classpath(alerting)));
        assertThat(status.json().at("/families/0/state").asText()).isEqualTo("UP_TO_DATE");
    }

    @Test
    void aSchemaMatchingNoVersionIsRefusedWithExitCode3TheDifferencesAndTheWayOut() {
        database.execute(V1 + "\nALTER TABLE alerts ADD COLUMN owner TEXT;");

        Result verify = Cli.run(Cli.args("verify", Cli.connect(database), Cli.classpath(alerting)));
        Result adopt = Cli.run(Cli.args("adopt", Cli.connect(database), Cli.classpath(alerting)));
        Result apply = Cli.run(Cli.args("apply", "--json", Cli.connect(database), Cli.classpath(alerting)));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
        assertThat(verify.out()).contains("extra column alerts.owner").contains("against V1, the nearest version");
        assertThat(adopt.exitCode()).as(adopt.toString()).isEqualTo(3);
        assertThat(adopt.err()).contains("Nearest is V1, with 1 difference: extra column alerts.owner")
                .contains("--baseline-version N");
        assertThat(apply.exitCode()).isEqualTo(3);
        assertThat(apply.json().at("/error/conflicts/0/type").asText()).isEqualTo("UnrecognizedSchema");
        assertThat(apply.json().at("/error/conflicts/0/nearestVersion").asInt()).isEqualTo(1);
        assertThat(database.history("public")).isEmpty();
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("2");
    }

    @Test
    void baselineVersionRecordsTheDeclaredVersionAndApplyRunsOnlyTheLaterOnes() {
        database.execute(V1 + "\nALTER TABLE alerts ADD COLUMN owner TEXT;");

        Result apply = Cli.run(Cli.args("apply", "--baseline-version", "1", Cli.connect(database), Cli.classpath(alerting)));

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("alerting baselined at V1");
        assertThat(history()).containsExactly("1 baseline", "2 applied");
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");
    }

    @Test
    void importingOneToolsHistoryWithSeveralFamiliesSelectedAsksForTheFamily() {
        Path notes = FamilyJar.family("notes").migration("V1__notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);")
                .withSnapshot().writeTo(jars);
        database.execute(V1 + "\n" + GOOSE);

        Result refused = Cli.run(Cli.args("adopt", "--from", "goose", Cli.connect(database), Cli.classpath(alerting, notes)));
        Result chosen = Cli.run(Cli.args("adopt", "--from", "goose", "--family", "alerting", Cli.connect(database),
                Cli.classpath(alerting, notes)));

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).contains("--family");
        assertThat(chosen.exitCode()).as(chosen.toString()).isZero();
        assertThat(database.column("SELECT family || ' ' || version || ' ' || kind FROM schema_registry_history"))
                .containsExactly("alerting 1 imported");
    }

    @Test
    void adoptFromFlywayImportsItsSuccessfulVersionsAndReportsTheAdoptionAsAnEvent() {
        database.execute(V1 + "\n" + V2 + "\nCREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY,"
                + " version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000)"
                + " NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT now(),"
                + " execution_time INT NOT NULL, success BOOLEAN NOT NULL);"
                + " INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'deploy', now(), 3, true),"
                + " (2, '2', 'severity', 'SQL', 'V2__severity.sql', 2, 'deploy', now(), 3, true);");

        Result adopt = Cli.run(Cli.args("adopt", "--from", "flyway", "--log-format", "json", Cli.connect(database),
                Cli.classpath(alerting)));

        assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
        assertThat(WaitForDatabaseTest.events(adopt.err()))
                .filteredOn(e -> e.get("event").asText().equals("family.adopted")).singleElement()
                .satisfies(e -> {
                    assertThat(e.get("family").asText()).isEqualTo("alerting");
                    assertThat(e.get("version").asInt()).isEqualTo(2);
                    assertThat(e.get("kind").asText()).isEqualTo("imported");
                    assertThat(e.get("note").asText()).contains("flyway_schema_history");
                });
        assertThat(adopt.out()).contains("alerting imported at V2");
        assertThat(database.column("SELECT version || ' ' || kind || ' ' || installed_by FROM schema_registry_history"
                + " ORDER BY version")).containsExactly("1 imported deploy", "2 imported deploy");
        assertThat(database.value("SELECT count(*) FROM flyway_schema_history")).isEqualTo("2");
        assertThat(database.value("SELECT count(*) FROM severities")).isEqualTo("3");
    }

    @Test
    void planShowsTheAdoptionItWouldRecordAndOnlyTheLaterMigrations() {
        database.execute(V1);

        Result plan = Cli.run(Cli.args("plan", Cli.connect(database), Cli.classpath(alerting)));
        Result json = Cli.run(Cli.args("plan", "--json", Cli.connect(database), Cli.classpath(alerting)));

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("would record: alerting adopted at V1").contains("V2__severity.sql")
                .doesNotContain("V1__init.sql");
        assertThat(json.json().at("/adoptions/0/version").asInt()).isEqualTo(1);
        assertThat(json.json().at("/pendingCount").asInt()).isEqualTo(1);
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void anUnknownToolIsAUsageError() {
        Result result = Cli.run(Cli.args("adopt", "--from", "liquibase", Cli.connect(database), Cli.classpath(alerting)));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'liquibase' is not goose or flyway");
        assertThat(database.history("public")).isEmpty();
    }

    private List<String> history() {
        return database.column("SELECT version || ' ' || kind FROM schema_registry_history ORDER BY version");
    }
}
