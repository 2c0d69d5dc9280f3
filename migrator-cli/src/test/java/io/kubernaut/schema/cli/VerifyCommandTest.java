package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrator verify}: exit 0 without drift, 3 with it, the report as a table or as JSON. */
class VerifyCommandTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path events;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        events = Cli.events("1.2.0").withSnapshot().writeTo(jars.resolve("1.2.0"));
    }

    @Test
    void aDatabaseAsAppliedVerifiesWithExit0() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));

        Result verify = Cli.run(Cli.args("verify", Cli.connect(database), Cli.classpath(events)));

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out().lines())
                .anySatisfy(line -> assertThat(line).matches("events\\s+1\\.2\\.0\\s+matches its snapshot"))
                .contains("Schema 'public': no drift");
    }

    @Test
    void handMadeDriftExitsWith3AndNamesEachDifference() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));
        database.execute("DROP INDEX events_kind_idx; ALTER TABLE events ADD COLUMN note TEXT");

        Result verify = Cli.run(Cli.args("verify", Cli.connect(database), Cli.classpath(events)));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
        assertThat(verify.out())
                .contains("drift: 2 differences")
                .contains("extra column events.note (found: text null)")
                .contains("missing index events.events_kind_idx (expected: CREATE INDEX events_kind_idx ON events USING btree (kind))")
                .contains("Schema 'public': drift in 1 of 1 family");
        assertThat(verify.err()).as("drift is a result, not an error").doesNotContain("error:");
        assertThat(database.columns("public", "events")).as("verify changes nothing").containsExactly("id", "kind", "note");
    }

    @Test
    void jsonReportHasEveryDifferenceWithItsKindAndBothDefinitions() {
        Cli.run(Cli.args("apply", "--schema", "tenant_a", Cli.connect(database), Cli.classpath(events)));
        database.execute("ALTER TABLE tenant_a.events ALTER COLUMN kind TYPE VARCHAR(20)");

        Result verify = Cli.run(Cli.args("verify", "--json", "--schema", "tenant_a", Cli.connect(database),
                Cli.classpath(events)));

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
        JsonNode report = verify.json();
        assertThat(report.get("schema").asText()).isEqualTo("tenant_a");
        assertThat(report.get("drift").asBoolean()).isTrue();
        assertThat(report.get("allVerified").asBoolean()).isFalse();
        JsonNode family = report.at("/families/0");
        assertThat(family.get("name").asText()).isEqualTo("events");
        assertThat(family.get("artifactVersion").asText()).isEqualTo("1.2.0");
        assertThat(family.get("state").asText()).isEqualTo("DRIFTED");
        assertThat(family.get("historyState").asText()).isEqualTo("UP_TO_DATE");
        assertThat(family.get("applied")).extracting(JsonNode::asInt).containsExactly(1, 2);
        JsonNode difference = family.at("/differences/0");
        assertThat(family.get("differences")).hasSize(1);
        assertThat(difference.get("kind").asText()).isEqualTo("TYPE_CHANGED");
        assertThat(difference.get("object").asText()).isEqualTo("column");
        assertThat(difference.get("name").asText()).isEqualTo("events.kind");
        assertThat(difference.get("expected").asText()).isEqualTo("text");
        assertThat(difference.get("actual").asText()).isEqualTo("character varying(20)");
        assertThat(difference.get("message").asText())
                .isEqualTo("type of column events.kind changed: expected text, found character varying(20)");
    }

    @Test
    void pendingAndUnverifiableFamiliesAreListedButAreNotDrift() {
        Path notes = FamilyJar.family("notes").version("0.3.0")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id BIGINT PRIMARY KEY);")
                .writeTo(jars.resolve("notes"));
        Path olderEvents = FamilyJar.family("events").version("1.1.0")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);")
                .writeTo(jars.resolve("1.1.0"));
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(olderEvents, notes)));

        Result verify = Cli.run(Cli.args("verify", Cli.connect(database), Cli.classpath(events, notes)));

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.out())
                .containsPattern("events\\s+1\\.2\\.0\\s+not comparable: V2 not applied \\(the snapshot describes V2\\); apply, then verify")
                .containsPattern("notes\\s+0\\.3\\.0\\s+not verifiable: the artifact has no schema snapshot")
                .contains("Schema 'public': no drift (2 families not compared)");
        JsonNode json = Cli.run(Cli.args("verify", "--json", Cli.connect(database), Cli.classpath(events, notes))).json();
        assertThat(json.get("drift").asBoolean()).isFalse();
        assertThat(json.get("families")).extracting(f -> f.get("name").asText() + " " + f.get("state").asText())
                .containsExactly("events PENDING", "notes NOT_VERIFIABLE");
    }

    @Test
    void unknownTableIsAUsageErrorBeforeAnyDatabaseWork() {
        Result verify = Cli.run(Cli.args("verify", "--tables", "evnets", Cli.connect(database), Cli.classpath(events)));

        assertThat(verify.exitCode()).isEqualTo(2);
        assertThat(verify.err()).contains("'evnets'");
    }

    @Test
    void helpTellsWhatVerifyComparesAndItsExitCode() {
        Result help = Cli.run("verify", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Usage: migrator verify", "Exits with 3 when there is drift",
                "--schema", "--tables", "--url", "--json", "3 Refused by validation", "For verify: the database drifted from");
    }
}
