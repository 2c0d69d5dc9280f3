package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world PostgreSQL in migration scripts reaches the server intact: function bodies in dollar
 * quotes and BEGIN ATOMIC, rules with several actions, JSON with braces (no JDBC escape processing), the jsonb {@code ?} operator
 * (no JDBC parameters), E'' strings.
 */
class SqlExecutionTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private ApplyResult apply(String script) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("events").migration("V1__create_events.sql", script).writeTo(jars)))).apply();
    }

    @Test
    void plpgsqlFunctionsTriggersAndDoBlocksWithSemicolonsInside() {
        apply("CREATE TABLE IF NOT EXISTS events (id INT PRIMARY KEY, event_date DATE, at TIMESTAMPTZ NOT NULL DEFAULT now());\n"
                + "CREATE OR REPLACE FUNCTION events_set_date() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
                + "BEGIN\n"
                + "  NEW.event_date := (NEW.at AT TIME ZONE 'UTC')::date; -- a comment; with a semicolon\n"
                + "  RETURN NEW;\n"
                + "END;\n"
                + "$fn$;\n"
                + "DROP TRIGGER IF EXISTS events_set_date ON events;\n"
                + "CREATE TRIGGER events_set_date BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_set_date();\n"
                + "DO $$ BEGIN INSERT INTO events (id, at) VALUES (1, '2024-03-01 23:30:00-05'); END $$;\n");

        assertThat(database.value("SELECT event_date FROM events WHERE id = 1")).isEqualTo("2024-03-02");
    }

    @Test
    void sqlStandardFunctionBodiesWithBeginAtomic() {
        apply("CREATE TABLE IF NOT EXISTS events (id INT PRIMARY KEY, retention_days INT);\n"
                + "CREATE OR REPLACE FUNCTION clamp_retention(days INT) RETURNS INT LANGUAGE sql IMMUTABLE\n"
                + "BEGIN ATOMIC\n"
                + "  SELECT CASE WHEN days < 1 THEN 1 WHEN days > 2555 THEN 2555 ELSE days END;\n"
                + "END;\n"
                + "CREATE OR REPLACE PROCEDURE add_event(event_id INT) LANGUAGE sql\n"
                + "BEGIN ATOMIC\n"
                + "  INSERT INTO events (id, retention_days) VALUES (event_id, clamp_retention(9999));\n"
                + "  UPDATE events SET retention_days = retention_days - 5 WHERE id = event_id;\n"
                + "END;\n"
                + "CALL add_event(7);");

        assertThat(database.value("SELECT retention_days FROM events WHERE id = 7")).isEqualTo("2550");
    }

    @Test
    void ruleActionListsWithSemicolonsInsideParentheses() {
        apply("CREATE TABLE IF NOT EXISTS events (id INT);\n"
                + "CREATE TABLE IF NOT EXISTS event_log (id INT, note TEXT);\n"
                + "CREATE OR REPLACE RULE events_log AS ON INSERT TO events DO ALSO (\n"
                + "  INSERT INTO event_log VALUES (NEW.id, 'first');\n"
                + "  INSERT INTO event_log VALUES (NEW.id, 'second')\n"
                + ");\n"
                + "INSERT INTO events VALUES (1);");

        assertThat(database.column("SELECT note FROM event_log ORDER BY note")).containsExactly("first", "second");
    }

    @Test
    void jsonWithBracesTheQuestionMarkOperatorAndEscapeStrings() {
        apply("CREATE TABLE IF NOT EXISTS events (id INT PRIMARY KEY, data JSONB NOT NULL, note TEXT);\n"
                + "INSERT INTO events VALUES (1, '{\"fn\": \"{call x}\", \"d\": {\"ts\": \"{ts ''2024-01-01''}\"}}', E'it\\'s;\\tok');\n"
                + "CREATE TABLE IF NOT EXISTS flagged AS SELECT id FROM events WHERE data ? 'fn' AND data ?| ARRAY['d'];");

        assertThat(database.value("SELECT data->>'fn' FROM events")).isEqualTo("{call x}");
        assertThat(database.value("SELECT data->'d'->>'ts' FROM events")).isEqualTo("{ts '2024-01-01'}");
        assertThat(database.value("SELECT note FROM events")).isEqualTo("it's;\tok");
        assertThat(database.value("SELECT count(*) FROM flagged")).isEqualTo("1");
    }
    @Test
    void statementsEndingInALineCommentAndStatementsReturningRowsRunInOneScript() {
        // A transactional script's statements go to the server as one batch: a statement ending in a -- comment
        // stays one entry, and a SELECT between DDL (a batch entry returning rows) does not stop the script.
        apply("CREATE TABLE IF NOT EXISTS events (id INT PRIMARY KEY) -- the table; more to come\n"
                + ";\n"
                + "SELECT count(*) FROM events;\n"
                + "INSERT INTO events VALUES (1) -- one row\n"
                + ";\n"
                + "CREATE TABLE IF NOT EXISTS event_notes (id INT);");

        assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("1");
        assertThat(database.tables("public")).contains("events", "event_notes");
    }
}
