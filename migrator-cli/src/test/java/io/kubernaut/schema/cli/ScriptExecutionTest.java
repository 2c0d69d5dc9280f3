package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's refusals and failures as the CLI reports them: exit codes, messages, the database after. */
class ScriptExecutionTest {

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Path family(String v2) {
        return FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);\n"
                        + "CREATE SEQUENCE IF NOT EXISTS runs;")
                .migration("V2__fill.sql", v2)
                .writeTo(jars);
    }

    @Test
    void aCommitInAScriptExitsWith2NamingFamilyScriptAndLineAndAppliesNothing() {
        Path jar = family("INSERT INTO events VALUES (1);\nCOMMIT;\nINSERT INTO events VALUES (2);\nSELECT 1 / 0;");

        for (int i = 0; i < 3; i++) {
            Result result = Cli.run(Cli.args("apply", "--schema", "tenant", Cli.connect(database), Cli.classpath(jar)));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("Transaction control in a migration script is refused",
                    "migration 'events' V2 (V2__fill.sql:2): COMMIT");
        }
        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void copyFromStdinExitsWith2NamedNotAsALostConnection() {
        Result result = Cli.run(Cli.args("apply", Cli.connect(database),
                Cli.classpath(family("COPY events FROM stdin;\n1\n\\.\n"))));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("(V2__fill.sql:1): COPY … FROM STDIN").doesNotContain("Lost the connection");
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void aCancelledStatementExitsWith1SayingSoAndRunsOnce() {
        Result result = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(family(
                "SELECT nextval('runs');\nSET statement_timeout = '100ms';\nSELECT pg_sleep(5);"))));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("(V2__fill.sql:3) failed: cancelled by an administrator or a statement_timeout",
                "[SQLSTATE 57014]");
        assertThat(database.value("SELECT last_value FROM runs")).isEqualTo("1");
        assertThat(database.column("SELECT family || ' V' || version || ' ' || success FROM schema_registry_history"))
                .containsExactly("events V1 true");
    }

    @Test
    void laterMigrationsGoToTheTargetSchemaWhateverAScriptSetsTheSearchPathTo() {
        // Observation 3 of issue 10: every later migration went into public.
        Path first = FamilyJar.family("first")
                .migration("V1__create_first.sql", "CREATE TABLE IF NOT EXISTS first (id INT);\nSET search_path TO public;")
                .writeTo(jars);
        Path second = FamilyJar.family("second").requires("first")
                .migration("V1__create_second.sql", "CREATE TABLE IF NOT EXISTS second (id INT);")
                .writeTo(jars);

        Result result = Cli.run(Cli.args("apply", "--schema", "tenant", Cli.connect(database), Cli.classpath(first, second)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(0);
        assertThat(database.tables("public")).isEmpty();
        assertThat(database.tables("tenant")).containsExactly("first", "schema_registry_history", "second");
    }
}
