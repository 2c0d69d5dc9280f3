package io.kubernaut.schema.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The splitter of migration scripts: what ends a statement, what does not, and on which line each starts. */
class SqlScriptTest {

    private static List<String> texts(String sql) {
        return SqlScript.parse(sql).stream().map(SqlStatement::text).toList();
    }

    private static List<Integer> lines(String sql) {
        return SqlScript.parse(sql).stream().map(SqlStatement::line).toList();
    }

    @Test
    void semicolonsEndStatementsAndEachKeepsTheLineItStartsOn() {
        String sql = "CREATE TABLE a (id INT);\n"
                + "\n"
                + "CREATE TABLE b (id INT); CREATE TABLE c (id INT);\n"
                + "  INSERT INTO a\n"
                + "  VALUES (1);\n";

        assertThat(texts(sql)).containsExactly("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)",
                "CREATE TABLE c (id INT)", "INSERT INTO a\n  VALUES (1)");
        assertThat(lines(sql)).containsExactly(1, 3, 3, 4);
    }

    @Test
    void lastStatementNeedsNoSemicolonAndEmptyStatementsAreDropped() {
        assertThat(texts(";;SELECT 1;;\n;SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
        assertThat(SqlScript.parse("")).isEmpty();
        assertThat(SqlScript.parse("  \n;\n  ")).isEmpty();
    }

    @Test
    void commentsBeforeAStatementAreNotPartOfItAndDoNotShiftItsLine() {
        String sql = "-- header; with a semicolon and a quote '\n"
                + "/* a block; comment\n"
                + "   over two lines */\n"
                + "SELECT 1; -- trailing; comment\n"
                + "-- only a comment; here\n"
                + "SELECT /* inline; */ 2;\n";

        assertThat(texts(sql)).containsExactly("SELECT 1", "SELECT /* inline; */ 2");
        assertThat(lines(sql)).containsExactly(4, 6);
    }

    @Test
    void aScriptOfOnlyCommentsHasNoStatements() {
        assertThat(SqlScript.parse("-- nothing to do;\n/* really; */\n")).isEmpty();
    }

    @Test
    void nestedBlockCommentsEndAtTheirOwnClose() {
        String sql = "/* outer /* inner; */ still comment; */ SELECT 1;\n"
                + "SELECT /* a /* b */ c; */ 2;";

        assertThat(texts(sql)).containsExactly("SELECT 1", "SELECT /* a /* b */ c; */ 2");
    }

    @Test
    void semicolonsInsideStringsAndQuotedIdentifiersDoNotSplit() {
        String sql = "INSERT INTO t VALUES ('a;b', 'it''s; fine');\n"
                + "CREATE TABLE \"odd;name\" (\"col\"\"; x\" INT);\n"
                + "SELECT '-- not a comment;', '/* nor this; */';";

        assertThat(texts(sql)).containsExactly("INSERT INTO t VALUES ('a;b', 'it''s; fine')",
                "CREATE TABLE \"odd;name\" (\"col\"\"; x\" INT)", "SELECT '-- not a comment;', '/* nor this; */'");
    }

    @Test
    void backslashEscapesOnlyInsideEStrings() {
        // E'' strings: \' is a quote inside the string. Standard strings: a backslash is just a character.
        String sql = "SELECT E'it\\'s; one', e'\\\\'; SELECT 'C:\\'; SELECT date'2024-01-01', name'\\'; SELECT 4";

        assertThat(texts(sql)).containsExactly("SELECT E'it\\'s; one', e'\\\\'", "SELECT 'C:\\'",
                "SELECT date'2024-01-01', name'\\'", "SELECT 4");
    }

    @Test
    void dollarQuotedBodiesKeepTheirSemicolonsAndQuotes() {
        String sql = "CREATE OR REPLACE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN\n"
                + "  RAISE NOTICE 'it''s; here';\n"
                + "  RETURN NEW;\n"
                + "END;\n"
                + "$$;\n"
                + "DO $body$ BEGIN PERFORM $$;$$; END $body$;\n"
                + "SELECT $tag$ a $notthis$ ; $tag$;";

        assertThat(texts(sql)).hasSize(3);
        assertThat(texts(sql).get(0)).startsWith("CREATE OR REPLACE FUNCTION").endsWith("END;\n$$");
        assertThat(texts(sql).get(1)).isEqualTo("DO $body$ BEGIN PERFORM $$;$$; END $body$");
        assertThat(texts(sql).get(2)).isEqualTo("SELECT $tag$ a $notthis$ ; $tag$");
        assertThat(lines(sql)).containsExactly(1, 7, 8);
    }

    @Test
    void positionalParametersAndDollarsInIdentifiersAreNotDollarQuotes() {
        String sql = "PREPARE p AS SELECT $1, $2; SELECT a$b$c FROM t; SELECT 3";

        assertThat(texts(sql)).containsExactly("PREPARE p AS SELECT $1, $2", "SELECT a$b$c FROM t", "SELECT 3");
    }

    @Test
    void beginAtomicBodiesEndAtTheirEnd() {
        String sql = "CREATE FUNCTION total(a INT, b INT) RETURNS INT LANGUAGE sql\n"
                + "BEGIN ATOMIC\n"
                + "  SELECT CASE WHEN a > b THEN a ELSE b END;\n"
                + "  SELECT a + b;\n"
                + "END;\n"
                + "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;\n"
                + "SELECT total(1, 2);";

        List<SqlStatement> statements = SqlScript.parse(sql);

        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 6, 7);
        assertThat(statements.get(0).text()).endsWith("SELECT a + b;\nEND");
        assertThat(statements.get(1).text()).isEqualTo(
                "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END");
        assertThat(statements.get(2).text()).isEqualTo("SELECT total(1, 2)");
    }

    @Test
    void beginAndEndOutsideRoutineBodiesSplitAsUsual() {
        String sql = "BEGIN; SELECT CASE WHEN true THEN 1 END; END;\n"
                + "CREATE TABLE atomic (begin INT, \"end\" INT);\n"
                + "CREATE FUNCTION one() RETURNS INT LANGUAGE sql RETURN CASE WHEN true THEN 1 END; SELECT 2";

        assertThat(texts(sql)).containsExactly("BEGIN", "SELECT CASE WHEN true THEN 1 END", "END",
                "CREATE TABLE atomic (begin INT, \"end\" INT)",
                "CREATE FUNCTION one() RETURNS INT LANGUAGE sql RETURN CASE WHEN true THEN 1 END", "SELECT 2");
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplitAsInPsql() {
        // A rule's action list: several commands in parentheses, separated by semicolons.
        String sql = "CREATE RULE log_insert AS ON INSERT TO t DO ALSO (\n"
                + "  INSERT INTO log VALUES (NEW.id);\n"
                + "  NOTIFY t_changed\n"
                + ");\n"
                + "SELECT ')'; SELECT 3";

        assertThat(texts(sql)).containsExactly("CREATE RULE log_insert AS ON INSERT TO t DO ALSO (\n"
                + "  INSERT INTO log VALUES (NEW.id);\n  NOTIFY t_changed\n)", "SELECT ')'", "SELECT 3");
        assertThat(lines(sql)).containsExactly(1, 5, 5);
    }

    @Test
    void anUnbalancedClosingParenthesisDoesNotSwallowTheRest() {
        assertThat(texts("SELECT 1); SELECT 2; SELECT (3;")).containsExactly("SELECT 1)", "SELECT 2", "SELECT (3;");
    }

    @Test
    void windowsLineEndsCountAsOneLineAndTheTextIsKeptAsWritten() {
        // A lone CR is not a line end (PostgreSQL counts line feeds); inside a literal it is part of the string.
        String sql = "SELECT 1;\r\n\r\nSELECT\r\n  2;\rSELECT 3;\r\nSELECT 'a\r\nb\rc';";

        assertThat(lines(sql)).containsExactly(1, 3, 4, 5);
        assertThat(texts(sql)).containsExactly("SELECT 1", "SELECT\r\n  2", "SELECT 3", "SELECT 'a\r\nb\rc'");
    }

    @Test
    void lineCountingGoesOnThroughEveryConstruct() {
        String sql = "/* one\n two */\n"                          // lines 1-2
                + "SELECT 'a\nb', \"c\nd\", $$e\nf$$, E'g\\\nh';\n" // lines 3-7
                + "-- eight\n"                                    // line 8
                + "SELECT 9;";                                    // line 9

        assertThat(lines(sql)).containsExactly(3, 9);
    }

    @Test
    void positionInAStatementMapsToTheScriptLine() {
        String sql = "\n\nINSERT INTO t (a,\n    b,\n    missing)\nVALUES (1, 2, 3);";
        SqlStatement statement = SqlScript.parse(sql).get(0);
        String text = statement.text();

        assertThat(statement.line()).isEqualTo(3);
        assertThat(statement.lineOf(1)).isEqualTo(3);
        assertThat(statement.lineOf(text.indexOf("b,") + 1)).isEqualTo(4);
        assertThat(statement.lineOf(text.indexOf("missing") + 1)).isEqualTo(5);
        assertThat(statement.lineOf(text.indexOf("VALUES") + 1)).isEqualTo(6);
        assertThat(statement.lineOf(text.length() + 100)).isEqualTo(6);
    }

    @Test
    void positionsCountCharactersAsPostgresqlDoesNotJavaChars() {
        // PostgreSQL counts code points; each emoji is one character there and two Java chars.
        String firstLine = "SELECT '\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00',";
        SqlStatement statement = SqlScript.parse(firstLine + "\n  missing").get(0);
        int position = firstLine.codePointCount(0, firstLine.length()) + 4;

        assertThat(statement.lineOf(position)).isEqualTo(2);
        assertThat(statement.lineOf(position - 3)).isEqualTo(1);
    }
}
