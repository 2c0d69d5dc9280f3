package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Transaction control and COPY with the client in a script are refused before anything of the run
 * executes, naming family, script and line; what only looks like it (END of a function body, CASE
 * ... END, savepoints) runs.
 */
class TransactionControlTest {

    private static final String SCHEMA = "tenant";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    /** Family {@code first} (one harmless migration), then family {@code events} with {@code v2} as its second. */
    private Migrator migrator(String v2, MigrationConfig config) {
        Path first = FamilyJar.family("first")
                .migration("V1__create_first.sql", "CREATE TABLE IF NOT EXISTS first (id INT);").writeTo(jars);
        Path events = FamilyJar.family("events").requires("first")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .migration("V2__fill.sql", v2)
                .writeTo(jars);
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(first, events)))
                .withConfig(config);
    }

    private Migrator migrator(String v2) {
        return migrator(v2, MigrationConfig.builder().schema(SCHEMA).build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BEGIN | BEGIN",
        "begin transaction isolation level serializable | BEGIN",
        "START TRANSACTION | START TRANSACTION",
        "COMMIT | COMMIT",
        "commit work | COMMIT",
        "END | END",
        "ROLLBACK | ROLLBACK",
        "ROLLBACK AND CHAIN | ROLLBACK",
        "ABORT | ABORT",
        "PREPARE TRANSACTION 'x' | PREPARE TRANSACTION",
        "COMMIT PREPARED 'x' | COMMIT PREPARED",
        "ROLLBACK PREPARED 'x' | ROLLBACK PREPARED",
        "COPY events (id) FROM STDIN | COPY … FROM STDIN",
        "copy events from stdin with (format csv) | COPY … FROM STDIN",
        "COPY (SELECT id FROM events) TO STDOUT | COPY … TO STDOUT",
    })
    void transactionControlIsRefusedBeforeAnythingRunsNamingFamilyScriptAndLine(String statement, String command) {
        Migrator migrator = migrator("INSERT INTO events VALUES (1);\n-- a comment\n" + statement + ";\nINSERT INTO events VALUES (2);");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migrator::apply);

        assertThat(e.getMessage()).contains("Transaction control in a migration script is refused; nothing was applied",
                "migration 'events' V2 (V2__fill.sql:3): " + command, "SAVEPOINT, RELEASE and ROLLBACK TO SAVEPOINT are allowed");
        assertThat(database.schemas()).containsExactly("public");
        assertThat(catchThrowableOfType(ConfigurationException.class, migrator::plan)).hasMessageContaining(
                "migration 'events' V2 (V2__fill.sql:3): " + command);
    }

    @Test
    void aCommitInAScriptIsRefusedOnEveryApplyAndNothingIsEverCommitted() {
        // Observation 1 of issue 10: this script once left 6 rows after three applies.
        Migrator migrator = migrator("INSERT INTO events VALUES (1);\nCOMMIT;\nINSERT INTO events VALUES (2);\nSELECT 1 / 0;");

        for (int i = 0; i < 3; i++) {
            assertThat(catchThrowableOfType(ConfigurationException.class, migrator::apply))
                    .hasMessageContaining("migration 'events' V2 (V2__fill.sql:2): COMMIT");
        }

        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void aCommitInALaterMigrationLeavesNothingCommittedInAllOrNothingMode() {
        Migrator migrator = migrator("INSERT INTO events VALUES (1);\nCOMMIT;",
                MigrationConfig.builder().schema(SCHEMA).allOrNothing(true).build());

        catchThrowableOfType(ConfigurationException.class, migrator::apply);

        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void aRollbackInTheMiddleOfAScriptIsRefusedNotReportedAsApplied() {
        // Observation 2: reported "ok", recorded as applied, the statements before it lost.
        Migrator migrator = migrator("INSERT INTO events VALUES (1);\nROLLBACK;\nINSERT INTO events VALUES (2);");

        assertThat(catchThrowableOfType(ConfigurationException.class, migrator::apply))
                .hasMessageContaining("migration 'events' V2 (V2__fill.sql:2): ROLLBACK");

        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void everyRefusedStatementOfTheRunIsListed() {
        Migrator migrator = migrator("BEGIN;\nINSERT INTO events VALUES (1);\nCOMMIT;");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migrator::apply);

        assertThat(e.getMessage()).contains("(V2__fill.sql:1): BEGIN", "(V2__fill.sql:3): COMMIT");
    }

    @Test
    void copyFromStdinInAMultiStatementScriptIsRefusedByNameNotReportedAsALostConnection() {
        // Observation 8: reported as a lost connection (exit 4, "run again by the next run").
        Migrator migrator = migrator("CREATE TABLE IF NOT EXISTS staged (id INT);\nCOPY staged FROM stdin;\n1\n2\n\\.\n");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migrator::apply);

        assertThat(e.getMessage()).contains("migration 'events' V2 (V2__fill.sql:2): COPY … FROM STDIN");
        assertThat(database.schemas()).containsExactly("public");
    }

    @Test
    void endAndBeginOfFunctionBodiesCaseExpressionsAndDoBlocksAreNotTransactionControl() {
        ApplyResult result = migrator("CREATE OR REPLACE FUNCTION twice(x INT) RETURNS INT LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n  RETURN x * 2;\nEND;\n$$;\n"
                + "CREATE OR REPLACE FUNCTION sign_of(x INT) RETURNS TEXT LANGUAGE sql IMMUTABLE\n"
                + "BEGIN ATOMIC\n  SELECT CASE WHEN x < 0 THEN 'minus' ELSE 'plus' END;\nEND;\n"
                + "CREATE OR REPLACE FUNCTION quoted() RETURNS INT LANGUAGE plpgsql AS 'BEGIN RETURN 3; END;';\n"
                + "DO $$ BEGIN INSERT INTO events VALUES (twice(1)); END $$;\n"
                + "INSERT INTO events SELECT CASE WHEN sign_of(-1) = 'minus' THEN quoted() END;\n"
                + "-- COMMIT; in a comment\n"
                + "INSERT INTO events SELECT 4 WHERE 'ROLLBACK' <> 'COMMIT';").apply();

        assertThat(result.applied()).hasSize(3);
        assertThat(database.column("SELECT id FROM tenant.events ORDER BY id")).containsExactly("2", "3", "4");
    }

    @Test
    void savepointsAndRollbackToSavepointWorkInsideATransactionalScript() {
        ApplyResult result = migrator("INSERT INTO events VALUES (1);\nSAVEPOINT before_two;\nINSERT INTO events VALUES (2);\n"
                + "ROLLBACK TO SAVEPOINT before_two;\nrollback to before_two;\nRELEASE SAVEPOINT before_two;\n"
                + "SAVEPOINT s;\nINSERT INTO events VALUES (3);\nRELEASE s;").apply();

        assertThat(result.applied()).hasSize(3);
        assertThat(database.column("SELECT id FROM tenant.events ORDER BY id")).containsExactly("1", "3");
        assertThat(database.history(SCHEMA)).containsExactly("first V1 1.0.0 true", "events V1 1.0.0 true",
                "events V2 1.0.0 true");
    }
}
