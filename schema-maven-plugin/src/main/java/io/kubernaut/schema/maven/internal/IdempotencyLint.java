package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.internal.SqlScript;
import io.kubernaut.schema.migrator.internal.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds DDL that fails or does something different when run a second time, or against a database
 * the old copy-the-SQL scripts made: every family's SQL must be idempotent. A statement can be
 * exempted with {@value #EXEMPT} on the line before it (or its own first line).
 *
 * <p>DO blocks are not inspected: checking the catalog inside one is how idempotent constraint
 * additions and renames are written.
 */
public final class IdempotencyLint {

    /** The comment that exempts the next statement. */
    public static final String EXEMPT = "-- migrator: allow-non-idempotent";

    private record Rule(Pattern pattern, String problem) {
    }

    private static final List<Rule> RULES = List.of(
            rule("CREATE (UNIQUE )?INDEX (CONCURRENTLY )?+(?!IF NOT EXISTS)", "CREATE INDEX without IF NOT EXISTS"),
            rule("CREATE ((GLOBAL |LOCAL )?(TEMPORARY |TEMP )|UNLOGGED )?TABLE (?!IF NOT EXISTS)",
                    "CREATE TABLE without IF NOT EXISTS"),
            rule("CREATE MATERIALIZED VIEW (?!IF NOT EXISTS)", "CREATE MATERIALIZED VIEW without IF NOT EXISTS"),
            rule("CREATE ((TEMPORARY|TEMP|UNLOGGED) )?SEQUENCE (?!IF NOT EXISTS)", "CREATE SEQUENCE without IF NOT EXISTS"),
            rule("CREATE SCHEMA (?!IF NOT EXISTS)", "CREATE SCHEMA without IF NOT EXISTS"),
            rule("CREATE EXTENSION (?!IF NOT EXISTS)", "CREATE EXTENSION without IF NOT EXISTS"),
            rule("CREATE (TYPE|DOMAIN) ", "CREATE TYPE/DOMAIN has no IF NOT EXISTS: wrap it in a DO block that checks pg_type"),
            rule("CREATE (CONSTRAINT )?(FUNCTION|PROCEDURE|VIEW|TRIGGER|RULE|AGGREGATE) ",
                    "CREATE FUNCTION/PROCEDURE/VIEW/TRIGGER/RULE without OR REPLACE"),
            rule("CREATE (TEMPORARY |TEMP |RECURSIVE )+VIEW ", "CREATE VIEW without OR REPLACE"),
            rule("ALTER TABLE .*ADD (COLUMN )?+(?!IF NOT EXISTS|CONSTRAINT)\\S",
                    "ALTER TABLE ... ADD COLUMN without IF NOT EXISTS"),
            rule("ALTER TABLE .*ADD CONSTRAINT ", "ALTER TABLE ... ADD CONSTRAINT outside a DO block that checks pg_constraint"),
            rule("ALTER TABLE .*RENAME ", "ALTER TABLE ... RENAME outside a DO block that checks the catalog"),
            rule("ALTER TABLE .*DROP (COLUMN )?+(?!IF EXISTS|CONSTRAINT|DEFAULT|NOT NULL|EXPRESSION|IDENTITY)\\S",
                    "ALTER TABLE ... DROP COLUMN without IF EXISTS"),
            rule("ALTER TABLE .*DROP CONSTRAINT (?!IF EXISTS)", "ALTER TABLE ... DROP CONSTRAINT without IF EXISTS"),
            rule("DROP (?!.*IF EXISTS)", "DROP without IF EXISTS"),
            rule("INSERT INTO (?!.*ON CONFLICT)", "INSERT without ON CONFLICT (a second run inserts again)"));

    // Optional words before a negative lookahead are possessive ("?+"): otherwise the regex backtracks
    // over them and "CONCURRENTLY IF NOT EXISTS" passes the lookahead as "not IF NOT EXISTS".
    private static Rule rule(String regex, String problem) {
        return new Rule(Pattern.compile("^" + regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), problem);
    }

    private IdempotencyLint() {
    }

    /**
     * One finding.
     *
     * @param script  the script file name
     * @param line    the statement's first line
     * @param problem what is wrong
     */
    public record Violation(String script, int line, String problem) {

        @Override
        public String toString() {
            return script + ":" + line + ": " + problem;
        }
    }

    /** The violations in {@code script}, in line order. */
    public static List<Violation> check(ScriptFile script) {
        String[] lines = script.text().split("\n", -1);
        List<Violation> violations = new ArrayList<>();
        for (SqlStatement statement : SqlScript.parse(script.text())) {
            if (exempt(lines, statement)) {
                continue;
            }
            String normalized = normalize(statement.text());
            for (Rule rule : RULES) {
                if (rule.pattern().matcher(normalized).find()) {
                    violations.add(new Violation(script.name(), statement.line(), rule.problem()
                            + " (mark it with '" + EXEMPT + "' on the line before if it is idempotent anyway)"));
                    break;
                }
            }
        }
        return violations;
    }

    private static boolean exempt(String[] lines, SqlStatement statement) {
        int index = statement.line() - 1;
        return contains(lines, index - 1) || contains(lines, index);
    }

    private static boolean contains(String[] lines, int index) {
        return index >= 0 && index < lines.length && lines[index].toLowerCase(Locale.ROOT).contains(EXEMPT);
    }

    /** Comments out, whitespace collapsed, "OR REPLACE" kept: the statement as the rules read it. */
    private static String normalize(String statement) {
        String withoutComments = statement.replaceAll("(?m)--.*$", " ").replaceAll("(?s)/\\*.*?\\*/", " ");
        return withoutComments.replaceAll("\\s+", " ").strip();
    }
}
