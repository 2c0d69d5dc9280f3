package io.kubernaut.schema.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdempotencyLintTest {

    private static List<IdempotencyLint.Violation> lint(String sql) {
        return IdempotencyLint.check(new ScriptFile("V1__x.sql", 1, "x", sql));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t (id int)",
        "create unlogged table t (id int)",
        "CREATE INDEX i ON t (id)",
        "CREATE UNIQUE INDEX CONCURRENTLY i ON t (id)",
        "CREATE SEQUENCE s",
        "CREATE SCHEMA s",
        "CREATE EXTENSION pgcrypto",
        "CREATE TYPE mood AS ENUM ('a')",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
        "CREATE VIEW v AS SELECT 1",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
        "CREATE MATERIALIZED VIEW m AS SELECT 1",
        "ALTER TABLE t ADD COLUMN c int",
        "ALTER TABLE t ADD c int",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0)",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t DROP COLUMN c",
        "ALTER TABLE t DROP CONSTRAINT c",
        "DROP TABLE t",
        "DROP INDEX i",
        "INSERT INTO t VALUES (1)"
    })
    void nonIdempotentStatementIsReported(String sql) {
        assertThat(lint(sql)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE IF NOT EXISTS t (id int)",
        "CREATE INDEX IF NOT EXISTS i ON t (id)",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id)",
        "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
        "CREATE OR REPLACE VIEW v AS SELECT 1",
        "CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()",
        "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int",
        "ALTER TABLE t ADD IF NOT EXISTS c int",
        "ALTER TABLE t ALTER COLUMN c SET DEFAULT 1",
        "ALTER TABLE t DROP COLUMN IF EXISTS c",
        "ALTER TABLE t DROP CONSTRAINT IF EXISTS c",
        "ALTER TABLE t ALTER COLUMN c DROP DEFAULT",
        "DROP TRIGGER IF EXISTS tr ON t",
        "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
        "COMMENT ON TABLE t IS 'x'",
        "DO $$ BEGIN ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0); EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    })
    void idempotentStatementPasses(String sql) {
        assertThat(lint(sql)).isEmpty();
    }

    @Test
    void violationNamesScriptAndLineOfTheStatement() {
        List<IdempotencyLint.Violation> violations = lint("-- header\nCREATE TABLE IF NOT EXISTS a (id int);\n\n"
                + "CREATE INDEX\n  i ON a (id);\n");

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.script()).isEqualTo("V1__x.sql");
            assertThat(v.line()).isEqualTo(4);
            assertThat(v.problem()).startsWith("CREATE INDEX without IF NOT EXISTS");
        });
    }

    @Test
    void statementMarkedOnTheLineBeforeIsExempt() {
        assertThat(lint("-- migrator: allow-non-idempotent\nCREATE INDEX i ON a (id);\nCREATE INDEX j ON a (id);"))
                .extracting(IdempotencyLint.Violation::line).containsExactly(3);
    }

    @Test
    void commentsAndStringsDoNotTriggerRules() {
        assertThat(lint("-- CREATE TABLE t (id int);\nCOMMENT ON TABLE t IS 'DROP TABLE t';")).isEmpty();
    }
}
