package io.kubernaut.schema.migrator.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the lint reports, and the text its fix writes. */
class IdempotencyLintTest {

    @TempDir
    Path work;

    private List<LintReport.Finding> lint(String sql) {
        return IdempotencyLint.check(Folder.read(work, Map.of("V1__x.sql", sql))).findings();
    }

    private String fixed(String sql) {
        LintReport report = IdempotencyLint.fix(Folder.read(work, Map.of("V1__x.sql", sql)));
        return report.texts().getOrDefault("V1__x.sql", sql);
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
        "ALTER TABLE t ADD PRIMARY KEY (id)",
        "ALTER TABLE t ADD UNIQUE (id)",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t RENAME TO u",
        "ALTER TABLE t DROP COLUMN c",
        "ALTER TABLE t DROP CONSTRAINT c",
        "ALTER TYPE mood ADD VALUE 'b'",
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
        "ALTER TABLE IF EXISTS t RENAME TO u",
        "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'b'",
        "DROP TRIGGER IF EXISTS tr ON t",
        "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING",
        "INSERT INTO t (a) SELECT 1 WHERE NOT EXISTS (SELECT FROM t WHERE a = 1)",
        "COMMENT ON TABLE t IS 'x'",
        "DO $$ BEGIN ALTER TABLE t ADD CONSTRAINT c CHECK (id > 0); EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    })
    void idempotentStatementPasses(String sql) {
        assertThat(lint(sql)).isEmpty();
    }

    @Test
    void findingNamesScriptAndLineOfTheStatement() {
        List<LintReport.Finding> findings = lint("-- header\nCREATE TABLE IF NOT EXISTS a (id int);\n\n"
                + "CREATE INDEX\n  i ON a (id);\n");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.script()).isEqualTo("V1__x.sql");
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.problem()).isEqualTo("CREATE INDEX without IF NOT EXISTS");
            assertThat(f.fix()).isEqualTo("added IF NOT EXISTS");
        });
    }

    @Test
    void statementMarkedOnTheLineBeforeIsExempt() {
        assertThat(lint("-- migrator: allow-non-idempotent\nCREATE INDEX i ON a (id);\nCREATE INDEX j ON a (id);"))
                .extracting(LintReport.Finding::line).containsExactly(3);
    }

    @Test
    void commentsAndStringsDoNotTriggerRules() {
        assertThat(lint("-- CREATE TABLE t (id int);\nCOMMENT ON TABLE t IS 'DROP TABLE t';")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CREATE TABLE t (id int);|CREATE TABLE IF NOT EXISTS t (id int);",
        "create unlogged table t (id int);|create unlogged table IF NOT EXISTS t (id int);",
        "CREATE TABLE t_2024_01 PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');"
                + "|CREATE TABLE IF NOT EXISTS t_2024_01 PARTITION OF t FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');",
        "CREATE UNIQUE INDEX CONCURRENTLY i ON t (id);|CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);",
        "CREATE MATERIALIZED VIEW m AS SELECT 1;|CREATE MATERIALIZED VIEW IF NOT EXISTS m AS SELECT 1;",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';|CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';",
        "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();"
                + "|CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();",
        "ALTER TABLE t ADD c int, ADD COLUMN d text;|ALTER TABLE t ADD IF NOT EXISTS c int, ADD COLUMN IF NOT EXISTS d text;",
        "ALTER TABLE t DROP COLUMN c, DROP CONSTRAINT k;|ALTER TABLE t DROP COLUMN IF EXISTS c, DROP CONSTRAINT IF EXISTS k;",
        "ALTER TABLE t RENAME TO u;|ALTER TABLE IF EXISTS t RENAME TO u;",
        "ALTER TYPE mood ADD VALUE 'b';|ALTER TYPE mood ADD VALUE IF NOT EXISTS 'b';",
        "DROP INDEX CONCURRENTLY i;|DROP INDEX CONCURRENTLY IF EXISTS i;",
        "DROP MATERIALIZED VIEW m, n;|DROP MATERIALIZED VIEW IF EXISTS m, n;",
        "INSERT INTO t VALUES (1);|INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;",
        "INSERT INTO t (a) SELECT a FROM u RETURNING a;|INSERT INTO t (a) SELECT a FROM u ON CONFLICT DO NOTHING RETURNING a;"
    })
    void mechanicalFixesInsertTheMissingWords(String before, String after) {
        assertThat(fixed(before)).isEqualTo(after);
    }

    @Test
    void aConstraintAdditionBecomesADoBlockThatChecksTheCatalogAndOtherActionsStayOneStatement() {
        assertThat(fixed("ALTER TABLE orders ADD COLUMN total numeric, ADD CONSTRAINT orders_total_check CHECK (total >= 0);\n"))
                .isEqualTo("""
                        ALTER TABLE orders ADD COLUMN IF NOT EXISTS total numeric;
                        DO $$
                        BEGIN
                            IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('orders') AND conname = 'orders_total_check') THEN
                                ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);
                            END IF;
                        END $$;
                        """);
    }

    @Test
    void aDoBlockInAGooseFileIsAStatementBlockSoGooseStillRunsTheFile() {
        String sql = "-- +goose Up\nALTER TABLE t ADD CONSTRAINT \"T_pos\" CHECK (id > 0); -- positive\n-- +goose Down\nSELECT 1;\n";
        LintReport report = IdempotencyLint.fix(Folder.read(work, Map.of("001_x.sql", sql)));

        assertThat(report.texts().get("001_x.sql")).isEqualTo("""
                -- +goose Up
                -- +goose StatementBegin
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('t') AND conname = 'T_pos') THEN
                        ALTER TABLE t ADD CONSTRAINT "T_pos" CHECK (id > 0);
                    END IF;
                END $$;
                -- +goose StatementEnd
                 -- positive
                -- +goose Down
                SELECT 1;
                """);
    }

    @Test
    void aTypeBecomesADoBlockThatChecksPgTypeInTheTargetSchema() {
        assertThat(fixed("CREATE TYPE mood AS ENUM ('happy', 'sad');")).contains(
                "IF NOT EXISTS (SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'mood'"
                        + " AND n.nspname = current_schema()) THEN\n        CREATE TYPE mood AS ENUM ('happy', 'sad');");
    }

    @Test
    void aTableDroppedAndCreatedAgainIsARewriteWithNoMechanicalFixEvenWithIfExists() {
        MigrationSources sources = Folder.read(work, Map.of(
                "V1__create.sql", "CREATE TABLE settings (key text PRIMARY KEY);\n",
                "V2__rewrite.sql", "DROP TABLE IF EXISTS settings;\nCREATE TABLE settings (key text PRIMARY KEY, value text);\n"));

        LintReport report = IdempotencyLint.fix(sources);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.script()).isEqualTo("V2__rewrite.sql");
            assertThat(f.line()).isEqualTo(1);
            assertThat(f.problem()).isEqualTo("DROP TABLE settings, then CREATE TABLE settings at "
                    + work.resolve("V2__rewrite.sql") + ":2: a rewrite, which every run of the scripts repeats, dropping"
                    + " the table's rows");
            assertThat(f.fixable()).isFalse();
        });
        assertThat(report.clean()).isFalse();
    }

    @Test
    void whatHasNoMechanicalFixIsListedWithTheReason() {
        List<LintReport.Finding> findings = IdempotencyLint.fix(Folder.read(work, Map.of("V1__x.sql",
                "CREATE INDEX ON t (id);\nALTER TABLE t ADD UNIQUE (id);\nCREATE TYPE s.mood AS ENUM ('a');\n"))).findings();

        assertThat(findings).extracting(f -> f.line() + ": " + f.reason()).containsExactly(
                "1: an index without a name cannot take IF NOT EXISTS: name it (CREATE INDEX <table>_<column>_idx ON ...)",
                "2: the constraint has no name to look for: write ADD CONSTRAINT <name> UNIQUE ..., then run the fix again",
                "3: the name is schema-qualified; a family's SQL names no schema");
    }

    @Test
    void writeRewritesTheFilesKeepingTheirLineEndsAndDescribeSaysWhatChanged() throws Exception {
        Folder.write(work, Map.of("V1__x.sql", "-- orders\r\nCREATE TABLE orders (id int);\r\nCREATE INDEX ON orders (id);\r\n"));
        LintReport report = IdempotencyLint.fix(MigrationSources.read(work));

        report.write();

        assertThat(Files.readString(work.resolve("V1__x.sql")))
                .isEqualTo("-- orders\r\nCREATE TABLE IF NOT EXISTS orders (id int);\r\nCREATE INDEX ON orders (id);\r\n");
        assertThat(report.describe()).isEqualTo(work.resolve("V1__x.sql") + ":2: CREATE TABLE without IF NOT EXISTS:"
                + " added IF NOT EXISTS\n"
                + "    - CREATE TABLE orders (id int);\n"
                + "    + CREATE TABLE IF NOT EXISTS orders (id int);\n"
                + work.resolve("V1__x.sql") + ":3: CREATE INDEX without IF NOT EXISTS: no mechanical fix: an index without"
                + " a name cannot take IF NOT EXISTS: name it (CREATE INDEX <table>_<column>_idx ON ...)\n"
                + "lint --fix: 1 statement rewritten in 1 file of " + work + "; 1 to fix by hand (listed above)\n");
    }

    @Test
    void aConstraintOrColumnRenamedLaterIsLookedForUnderEveryNameItWillHave() {
        LintReport report = IdempotencyLint.fix(Folder.read(work, Map.of(
                "V1__create.sql", "CREATE TABLE t (id int);\n"
                        + "ALTER TABLE t ADD CONSTRAINT t_id_check CHECK (id > 0), ADD COLUMN note text;\n",
                "V2__rename.sql", "ALTER TABLE t RENAME CONSTRAINT t_id_check TO t_id_positive;\n"
                        + "ALTER TABLE t RENAME COLUMN note TO remark;\n",
                "V3__rename_again.sql", "ALTER TABLE t RENAME remark TO comment;\n")));

        assertThat(report.texts().get("V1__create.sql"))
                .contains("conname IN ('t_id_check', 't_id_positive')")
                .contains("attname IN ('note', 'remark', 'comment') AND NOT attisdropped) THEN\n"
                        + "        ALTER TABLE t ADD COLUMN note text;");
    }
}
