package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration PostgreSQL rejects: the error names family, version, file and line, the server's
 * message and SQLSTATE, and the statement; its transaction is rolled back and nothing after it runs.
 */
class FailureTest {

    /** V2 of orders: two statements that work, then one that fails on line 10 (a function body with semicolons before it). */
    private static final String V2 = String.join("\n",
            "-- V2: totals",                                                   // 1
            "ALTER TABLE orders ADD COLUMN IF NOT EXISTS total NUMERIC;",      // 2
            "CREATE TABLE IF NOT EXISTS order_lines (id INT);",                // 3
            "CREATE OR REPLACE FUNCTION orders_touch() RETURNS trigger",       // 4
            "LANGUAGE plpgsql AS $$",                                          // 5
            "BEGIN",                                                           // 6
            "  NEW.total := coalesce(NEW.total, 0); RETURN NEW;",              // 7
            "END; $$;",                                                        // 8
            "/* the next statement names a column that does not exist */",    // 9
            "UPDATE orders SET totl = 0;",                                     // 10
            "CREATE TABLE IF NOT EXISTS after_failure (id INT);");             // 11

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)));
    }

    private FamilyJar orders(String v2) {
        return FamilyJar.family("orders").tables("orders", "order_lines", "after_failure")
                .migration("V1__create_orders.sql", "CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY);")
                .migration("V2__totals.sql", v2)
                .migration("V3__create_later.sql", "CREATE TABLE IF NOT EXISTS later (id INT);");
    }

    private Path reports() {
        return FamilyJar.family("reports").requires("orders")
                .migration("V1__create_reports.sql", "CREATE TABLE IF NOT EXISTS reports (id INT);")
                .writeTo(jars);
    }

    @Test
    void theMessageNamesFamilyVersionFileLineServerMessageSqlstateAndStatement() {
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(V2).writeTo(jars)).apply());

        assertThat(e.getMessage()).startsWith("migration 'orders' V2 (V2__totals.sql:10) failed: column \"totl\" of"
                + " relation \"orders\" does not exist");
        assertThat(e.getMessage().lines().findFirst().orElseThrow()).endsWith(" [SQLSTATE 42703]");
        assertThat(e.getMessage()).contains("\n  statement: UPDATE orders SET totl = 0");
        assertThat(e.family()).isEqualTo("orders");
        assertThat(e.version()).isEqualTo(2);
        assertThat(e.script()).isEqualTo("V2__totals.sql");
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.sqlState()).isEqualTo("42703");
        assertThat(e.statement()).isEqualTo("UPDATE orders SET totl = 0");
        assertThat(e.serverMessage()).contains("column \"totl\" of relation \"orders\" does not exist");
    }

    @Test
    void theLineIsTheExactLineInsideAMultiLineStatementWherePostgresqlPointsTo() {
        String v2 = String.join("\n",
                "ALTER TABLE orders ADD COLUMN IF NOT EXISTS total NUMERIC;",  // 1
                "",                                                             // 2
                "INSERT INTO orders (",                                         // 3
                "    id,",                                                      // 4
                "    total,",                                                   // 5
                "    missing_column)",                                          // 6
                "VALUES (1, 2, 3);");                                           // 7

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(v2).writeTo(jars)).apply());

        assertThat(e.line()).isEqualTo(6);
        assertThat(e.getMessage()).startsWith("migration 'orders' V2 (V2__totals.sql:6) failed: column \"missing_column\"")
                .contains("[SQLSTATE 42703]", "INSERT INTO orders (", "missing_column)", "VALUES (1, 2, 3)");
    }

    @Test
    void theLineIsExactAlsoAfterCharactersOutsideTheBasicPlane() {
        String v2 = String.join("\n",
                "INSERT INTO orders (id) VALUES (1);",                                    // 1
                "SELECT '\uD83D\uDCE6\uD83D\uDCE6\uD83D\uDCE6\uD83D\uDCE6\uD83D\uDCE6\uD83D\uDCE6', id,", // 2
                "  no_such_column",                                                      // 3
                "FROM orders;");                                                         // 4

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(v2).writeTo(jars)).apply());

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("migration 'orders' V2 (V2__totals.sql:3) failed: column \"no_such_column\"");
    }

    @Test
    void withoutAPositionFromPostgresqlTheLineIsWhereTheStatementStarts() {
        String v2 = String.join("\n",
                "-- a comment",                                    // 1
                "",                                                 // 2
                "DO $$",                                            // 3
                "BEGIN",                                            // 4
                "  RAISE EXCEPTION 'totals are broken' USING ERRCODE = '22023';", // 5
                "END $$;");                                         // 6

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(v2).writeTo(jars)).apply());

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.sqlState()).isEqualTo("22023");
        assertThat(e.getMessage()).startsWith("migration 'orders' V2 (V2__totals.sql:3) failed: totals are broken")
                .contains("[SQLSTATE 22023]");
    }

    @Test
    void theFailingMigrationIsRolledBackAndNothingAfterItRuns() {
        List<String> events = new ArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void migrationApplied(AppliedMigration migration) {
                events.add("applied " + migration.migration().label());
            }

            @Override
            public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
                events.add("failed " + migration.label() + " line " + failure.line());
            }

            @Override
            public void runFinished(ApplyResult result) {
                events.add("finished");
            }
        };

        catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(V2).writeTo(jars), reports()).withListener(listener).apply());

        assertThat(events).containsExactly("applied orders V1 (V1__create_orders.sql)",
                "failed orders V2 (V2__totals.sql) line 10");
        // V2's statements before the failing one were rolled back with it.
        assertThat(database.columns("public", "orders")).containsExactly("id");
        assertThat(database.value("SELECT count(*) FROM pg_proc WHERE proname = 'orders_touch'")).isEqualTo("0");
        // Neither the rest of V2, nor V3, nor the family that comes after ran.
        assertThat(database.tables("public")).containsExactly("orders", "schema_registry_history");
        assertThat(database.history("public")).containsExactly("orders V1 1.0.0 true");
    }

    @Test
    void aMigrationAndItsHistoryRowCommitTogether() {
        // The script succeeds, but recording it fails: its effects must go with the history row.
        String v2 = "CREATE TABLE IF NOT EXISTS order_lines (id INT);\n"
                + "CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                + "BEGIN RAISE EXCEPTION 'the history is read-only today'; END $$;\n"
                + "CREATE TRIGGER refuse_history BEFORE INSERT ON schema_registry_history\n"
                + "  FOR EACH ROW EXECUTE FUNCTION refuse_history();";

        List<String> failed = new ArrayList<>();

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(orders(v2).writeTo(jars)).withListener(new MigrationListener() {
                    @Override
                    public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
                        failed.add(migration.label());
                    }
                }).apply());

        assertThat(e.getMessage()).startsWith("migration 'orders' V2 (V2__totals.sql) failed: the history is read-only today");
        assertThat(failed).containsExactly("orders V2 (V2__totals.sql)");
        assertThat(database.tables("public")).containsExactly("orders", "schema_registry_history");
        assertThat(database.value("SELECT count(*) FROM pg_trigger WHERE tgname = 'refuse_history'")).isEqualTo("0");
        assertThat(database.history("public")).containsExactly("orders V1 1.0.0 true");
    }

    @Test
    void afterTheScriptIsFixedTheNextRunContinuesWhereTheFailedOneStopped() {
        Path reports = reports();
        catchThrowableOfType(MigrationFailedException.class, () -> migrator(orders(V2).writeTo(jars.resolve("broken")),
                reports).apply());

        ApplyResult result = migrator(orders(V2.replace("totl", "total")).version("1.0.1").writeTo(jars.resolve("fixed")),
                reports).apply();

        assertThat(result.applied()).extracting(a -> a.migration().label()).containsExactly(
                "orders V2 (V2__totals.sql)", "orders V3 (V3__create_later.sql)", "reports V1 (V1__create_reports.sql)");
        assertThat(database.tables("public")).contains("order_lines", "after_failure", "later", "reports");
    }

    @Test
    void aFailureInAnEarlierFamilyStopsTheFamiliesThatFollow() {
        Path broken = FamilyJar.family("aaa_broken")
                .migration("V1__create_broken.sql", "CREATE TABLE IF NOT EXISTS aaa_broken (id INT);\nSELECT 1 / 0;")
                .writeTo(jars);
        Path healthy = FamilyJar.family("zzz_healthy")
                .migration("V1__create_healthy.sql", "CREATE TABLE IF NOT EXISTS zzz_healthy (id INT);")
                .writeTo(jars);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(broken, healthy).apply());

        assertThat(e.getMessage()).startsWith("migration 'aaa_broken' V1 (V1__create_broken.sql:2) failed: division by zero")
                .contains("[SQLSTATE 22012]", "statement: SELECT 1 / 0");
        assertThat(database.tables("public")).containsExactly("schema_registry_history");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void aFailureInTheBatchIsLocatedFromTheBatchAloneWithoutRunningTheStatementsAgain() {
        // A transactional script's statements go to the server as one batch. A sequence is not rolled back: a
        // second run of the statements (as once done to locate a failure) would count 2 and not divide by zero.
        Path flaky = FamilyJar.family("flaky")
                .migration("V1__create_flaky.sql", "CREATE TABLE IF NOT EXISTS flaky (id INT);\n"
                        + "CREATE SEQUENCE IF NOT EXISTS flaky_attempts;")
                .migration("V2__once.sql", "INSERT INTO flaky VALUES (1);\n"
                        + "SELECT 1 / (nextval('flaky_attempts') - 1);")
                .writeTo(jars);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator(flaky).apply());

        assertThat(e.getMessage()).startsWith("migration 'flaky' V2 (V2__once.sql:2) failed: division by zero")
                .contains("[SQLSTATE 22012]");
        assertThat(e.statement()).isEqualTo("SELECT 1 / (nextval('flaky_attempts') - 1)");
        assertThat(database.value("SELECT last_value FROM flaky_attempts")).isEqualTo("1");
        assertThat(database.value("SELECT count(*) FROM flaky")).isEqualTo("0");
        assertThat(database.history("public")).containsExactly("flaky V1 1.0.0 true");
    }
}
