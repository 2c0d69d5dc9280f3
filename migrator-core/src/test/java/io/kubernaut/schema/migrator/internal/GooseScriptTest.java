package io.kubernaut.schema.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** goose files: only the Up section runs, split as goose splits it, and what goose would refuse is reported. */
class GooseScriptTest {

    private static final String FUNCTION_FILE = """
            -- +goose Up
            CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance NUMERIC NOT NULL);

            -- +goose StatementBegin
            CREATE FUNCTION accounts_touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.balance := coalesce(NEW.balance, 0);
                RETURN NEW;
            END;
            $$
            -- +goose StatementEnd
            CREATE INDEX accounts_balance ON accounts (balance);

            -- +goose Down
            DROP INDEX accounts_balance;
            DROP TABLE accounts;
            """;

    @Test
    void onlyTheUpSectionRunsAndTheDownSectionIsNeverAStatement() {
        List<SqlStatement> statements = SqlScript.parse(FUNCTION_FILE);

        assertThat(statements).extracting(SqlStatement::text).noneMatch(text -> text.startsWith("DROP"));
        assertThat(statements).extracting(SqlStatement::line).containsExactly(2, 5, 12);
    }

    @Test
    void aBlockEndsAtStatementEndEvenWithoutASemicolon() {
        List<SqlStatement> statements = SqlScript.parse(FUNCTION_FILE);

        assertThat(statements.get(1).text()).startsWith("CREATE FUNCTION accounts_touch()").endsWith("$$");
        assertThat(statements.get(2).text()).isEqualTo("CREATE INDEX accounts_balance ON accounts (balance)");
        assertThat(GooseScript.read(FUNCTION_FILE).problems()).isEmpty();
    }

    @Test
    void upTextStopsBeforeTheDownLineSoLinesKeepTheirNumbers() {
        GooseScript script = GooseScript.read(FUNCTION_FILE);

        assertThat(script.upText()).endsWith("CREATE INDEX accounts_balance ON accounts (balance);\n\n")
                .doesNotContain("DROP");
        assertThat(SqlScript.parse(script.upText())).isEqualTo(SqlScript.parse(FUNCTION_FILE));
    }

    @Test
    void statementsInsideABlockAreSplitAndMarkedAsInTheBlock() {
        String sql = "-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\nSELECT 2;\n-- +goose StatementEnd\nSELECT 3;\n";

        assertThat(GooseScript.read(sql).pieces()).extracting(p -> p.statement().text() + "@" + p.statement().line()
                + (p.inBlock() ? " in block" : "")).containsExactly("SELECT 1@3 in block", "SELECT 2@4 in block", "SELECT 3@6");
    }

    @Test
    void noTransactionAnywhereMakesTheMigrationNonTransactional() {
        assertThat(GooseScript.read("-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (c);\n")
                .transactional()).isFalse();
        assertThat(GooseScript.read("-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose no transaction\nSELECT 2;\n")
                .transactional()).isFalse();
        assertThat(GooseScript.read("-- +goose Up\nSELECT 1;\n").transactional()).isTrue();
    }

    @Test
    void annotationsAreRecognisedAsGooseRecognisesThem() {
        String sql = "\uFEFF--+goose up\r\nSELECT 1;\r\n--   +GOOSE   statementbegin\r\nSELECT 2\r\n-- +goose StatementEnd\r\n"
                + "--  +goose   DOWN\r\nSELECT 3;\r\n";

        assertThat(GooseScript.isGoose(sql)).isTrue();
        assertThat(SqlScript.parse(sql)).extracting(SqlStatement::text).containsExactly("SELECT 1", "SELECT 2");
        assertThat(GooseScript.read(sql).problems()).isEmpty();
    }

    @Test
    void aScriptWithoutAnUpAnnotationIsNotGoose() {
        assertThat(GooseScript.isGoose("-- goose Up\nSELECT 1;")).isFalse();
        assertThat(GooseScript.isGoose("CREATE TABLE t (id int);\n")).isFalse();
        assertThat(SqlScript.parse("-- +goose Down\nDROP TABLE t;")).extracting(SqlStatement::text)
                .containsExactly("DROP TABLE t");
    }

    @Test
    void aMisspelledOrIndentedDownAnnotationIsAProblemBecauseItsStatementsWouldRun() {
        String sql = "-- +goose Up\nCREATE TABLE t (id int);\n  -- +goose Down\nDROP TABLE t;\n";
        String typo = "-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Dwon\nDROP TABLE t;\n";
        String noPlus = "-- +goose Up\nCREATE TABLE t (id int);\n-- goose Down\nDROP TABLE t;\n";

        assertThat(SqlScript.parse(sql)).extracting(SqlStatement::text).contains("DROP TABLE t");
        assertThat(GooseScript.read(sql).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("not a goose annotation goose runs").contains("indented");
        });
        assertThat(GooseScript.read(typo).problems()).extracting(GooseScript.Problem::line).containsExactly(3);
        assertThat(GooseScript.read(noPlus).problems()).extracting(GooseScript.Problem::line).containsExactly(3);
    }

    @Test
    void filesGooseRefusesAreProblemsWithTheirLine() {
        assertProblem("SELECT 1;\n-- +goose Up\nSELECT 2;\n", "1: SQL before the '-- +goose Up' annotation");
        assertProblem("-- +goose Down\nSELECT 1;\n", "1: '-- +goose Down' before '-- +goose Up'");
        assertProblem("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n", "4: a '-- +goose StatementBegin' block is never ended");
        assertProblem("-- +goose Up\nSELECT 1;\n-- +goose StatementEnd\n", "3: '-- +goose StatementEnd' without");
        assertProblem("-- +goose Up\nSELECT 1;\nSELECT 2\n-- +goose Down\nSELECT 3;\n", "3: the statement is not ended by a semicolon");
        assertProblem("-- +goose Up\n-- +goose Up\nSELECT 1;\n", "2: a second '-- +goose Up'");
        assertProblem("-- +goose ENVSUB ON\n-- +goose Up\nSELECT '${X}';\n", "1: '-- +goose ENVSUB ON' makes goose replace");
        assertProblem("CREATE TABLE t (id int);\n", "1: no '-- +goose Up' annotation");
    }

    private static void assertProblem(String sql, String expected) {
        assertThat(GooseScript.read(sql).problems()).map(p -> p.line() + ": " + p.message())
                .anyMatch(problem -> problem.startsWith(expected));
    }
}
