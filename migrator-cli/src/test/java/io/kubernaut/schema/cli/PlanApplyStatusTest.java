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

class PlanApplyStatusTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path events;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        events = Cli.events("1.2.0").writeTo(jars.resolve("1.2.0"));
    }

    @Test
    void planThenApplyThenStatusPrintReadableTables() {
        Result plan = Cli.run(Cli.args("plan", Cli.connect(database), Cli.classpath(events)));

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out().lines())
                .anySatisfy(line -> assertThat(line).matches("events\\s+V1\\s+create events\\s+V1__create_events\\.sql\\s+yes"))
                .anySatisfy(line -> assertThat(line).matches("events\\s+V2\\s+add kind\\s+V2__add_kind\\.sql\\s+yes"))
                .anySatisfy(line -> assertThat(line).startsWith("2 migrations to apply to schema 'public'"));
        assertThat(database.tables("public")).as("plan changes nothing").doesNotContain("events");

        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out())
                .as("progress per migration as it runs")
                .containsPattern("events V1 \\(V1__create_events\\.sql\\) create events \\.\\.\\. ok \\(\\d+ ms\\)")
                .containsPattern("events V2 \\(V2__add_kind\\.sql\\) add kind \\.\\.\\. ok \\(\\d+ ms\\)")
                .contains("Applied 2 migrations to schema 'public' (0 already applied)");
        assertThat(database.tables("public")).contains("events", "schema_registry_history");

        Result status = Cli.run(Cli.args("status", Cli.connect(database), Cli.classpath(events)));

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out().lines())
                .anySatisfy(line -> assertThat(line).matches("events\\s+1\\.2\\.0\\s+V1,V2\\s+-\\s+up to date"))
                .contains("Schema 'public'");
    }

    @Test
    void planApplyAndStatusAsJson() {
        JsonNode before = json(Cli.run(Cli.args("status", "--json", Cli.connect(database), Cli.classpath(events))));
        assertThat(before.get("schema").asText()).isEqualTo("public");
        assertThat(before.at("/families/0/name").asText()).isEqualTo("events");
        assertThat(before.at("/families/0/state").asText()).isEqualTo("NOT_INSTALLED");
        assertThat(before.at("/families/0/applied")).isEmpty();
        assertThat(before.at("/families/0/pending")).extracting(JsonNode::asInt).containsExactly(1, 2);

        JsonNode plan = json(Cli.run(Cli.args("plan", "--json", Cli.connect(database), Cli.classpath(events))));
        assertThat(plan.get("pendingCount").asInt()).isEqualTo(2);
        assertThat(plan.get("pending")).extracting(m -> m.get("family").asText() + " V" + m.get("version").asInt())
                .containsExactly("events V1", "events V2");

        JsonNode apply = json(Cli.run(Cli.args("apply", "--json", Cli.connect(database), Cli.classpath(events))));
        assertThat(apply.get("appliedCount").asInt()).isEqualTo(2);
        assertThat(apply.get("alreadyApplied").asInt()).isZero();
        assertThat(apply.get("families")).extracting(JsonNode::asText).containsExactly("events");
        assertThat(apply.get("applied")).extracting(m -> m.get("version").asInt()).containsExactly(1, 2);
        assertThat(apply.at("/applied/0/artifactVersion").asText()).isEqualTo("1.2.0");

        JsonNode after = json(Cli.run(Cli.args("status", "--json", Cli.connect(database), Cli.classpath(events))));
        JsonNode family = after.at("/families/0");
        assertThat(family.get("name").asText()).isEqualTo("events");
        assertThat(family.get("artifactVersion").asText()).isEqualTo("1.2.0");
        assertThat(family.get("applied")).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(family.get("pending")).isEmpty();
        assertThat(family.get("ahead")).isEmpty();
        assertThat(family.get("state").asText()).isEqualTo("UP_TO_DATE");
    }

    @Test
    void newerFamilyVersionShowsPendingThenAppliesOnlyTheNewMigration() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));
        Path newer = Cli.events("1.3.0").migration("V3__add_source.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS source TEXT;")
                .writeTo(jars.resolve("1.3.0"));

        JsonNode status = json(Cli.run(Cli.args("status", "--json", Cli.connect(database), Cli.classpath(newer))));
        assertThat(status.at("/families/0/applied")).extracting(JsonNode::asInt).containsExactly(1, 2);
        assertThat(status.at("/families/0/pending")).extracting(JsonNode::asInt).containsExactly(3);
        assertThat(status.at("/families/0/state").asText()).isEqualTo("PENDING");

        JsonNode apply = json(Cli.run(Cli.args("apply", "--json", Cli.connect(database), Cli.classpath(newer))));
        assertThat(apply.get("applied")).extracting(m -> m.get("version").asInt()).containsExactly(3);
        assertThat(apply.get("alreadyApplied").asInt()).isEqualTo(2);
        assertThat(database.column("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'events' ORDER BY ordinal_position")).containsExactly("id", "kind", "source");
    }

    @Test
    void rerunAppliesNothing() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));

        Result second = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));

        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("Applied 0 migrations to schema 'public' (2 already applied)");
    }

    @Test
    void schemaTablesAndFamiliesOptionsNarrowTheRun() {
        Path notes = FamilyJar.family("notes").version("0.1.0")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id BIGINT PRIMARY KEY);")
                .writeTo(jars);

        Result tables = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events, notes),
                "--schema", "app", "--tables", "notes"));
        assertThat(tables.exitCode()).as(tables.toString()).isZero();
        assertThat(database.tables("app")).containsExactly("notes", "schema_registry_history");

        Result families = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events, notes),
                "--schema", "app", "--families", "events,notes", "--all-or-nothing", "--lock-wait", "5"));
        assertThat(families.exitCode()).as(families.toString()).isZero();
        assertThat(families.out()).contains("Applied 2 migrations to schema 'app' (1 already applied)");
        assertThat(database.tables("app")).containsExactly("events", "notes", "schema_registry_history");
    }

    @Test
    void validateOfAConsistentDatabaseExitsWith0() {
        Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(events)));

        Result validate = Cli.run(Cli.args("validate", Cli.connect(database), Cli.classpath(events)));

        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.out()).contains("Schema 'public' is valid: no conflicts");
        assertThat(json(Cli.run(Cli.args("validate", "--json", Cli.connect(database), Cli.classpath(events))))
                .get("valid").asBoolean()).isTrue();
    }

    private static JsonNode json(Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.json();
    }
}
