package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A family whose run is long and observable, for the fault scenarios of the reliability suite: five
 * migrations of several statements each with pauses between them, big {@code INSERT ... SELECT
 * generate_series} and {@code UPDATE}s, and one non-transactional migration building indexes
 * concurrently. A fault can therefore land inside a statement, between two statements of one
 * migration, between migrations, while a history row is written or while a transaction commits.
 *
 * <p>Every transactional migration is deliberately not idempotent (plain {@code CREATE TABLE},
 * primary keys on inserted rows): applied twice, it fails, so "applied exactly once" is checked by
 * the run succeeding as well as by the counts. The non-transactional one is idempotent, as it must
 * be, in the form that also repairs what an interrupted {@code CREATE INDEX CONCURRENTLY} leaves
 * behind (an invalid index, which {@code IF NOT EXISTS} alone would skip): {@code DROP INDEX
 * CONCURRENTLY IF EXISTS} first. It runs again only when it did not succeed, so dropping and
 * building again is safe.
 *
 * <p>{@link #effects} reads, for each migration, whether its effect is absent, complete or partial;
 * {@link #violations} compares that with the history: a history row of a successful migration
 * without its whole effect, or any effect of a transactional migration without its row, or a
 * partial transactional effect, is a violation.
 */
public final class LongFamily {

    /** The family name. */
    public static final String FAMILY = "ledger";

    /** How many migrations it has. */
    public static final int MIGRATIONS = 5;

    /** The non-transactional migration's version. */
    public static final int NON_TRANSACTIONAL = 3;

    private static final int COLUMNS = 8;

    private final int rows;
    private final String pause;
    private final String shortPause;

    private LongFamily(int rows, double pauseSeconds) {
        this.rows = rows;
        this.pause = String.valueOf(pauseSeconds);
        this.shortPause = String.valueOf(pauseSeconds / 4);
    }

    /** About two seconds, each migration a fair share of it: for the kill and restart loops. */
    public static LongFamily standard() {
        return new LongFamily(100_000, 0.2);
    }

    /** About half a second: for the loops of the default build. */
    public static LongFamily quick() {
        return new LongFamily(20_000, 0.05);
    }

    /** How far a migration's effect got. */
    public enum Effect { NONE, PARTIAL, COMPLETE }

    /** Writes the family's jar (version 1.0.0) into {@code directory}. */
    public Path writeTo(Path directory) {
        int half = rows / 2;
        StringBuilder columns = new StringBuilder();
        for (int i = 1; i <= COLUMNS; i++) {
            columns.append("ALTER TABLE ledger ADD COLUMN c").append(i).append(" INT;\n");
            if (i < COLUMNS) {
                columns.append("SELECT pg_sleep(").append(shortPause).append(");\n");
            }
        }
        return FamilyJar.family(FAMILY).tables("ledger", "ledger_batches", "ledger_totals")
                .migration("V1__create_ledger.sql", "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount BIGINT NOT NULL);\n"
                        + "SELECT pg_sleep(" + pause + ");\n"
                        + "CREATE TABLE ledger_batches (batch INT PRIMARY KEY);\n")
                .migration("V2__fill_ledger.sql", "INSERT INTO ledger (id, amount) SELECT g, g % 1000 FROM generate_series(1, "
                        + half + ") g;\n"
                        + "INSERT INTO ledger_batches VALUES (1);\n"
                        + "SELECT pg_sleep(" + pause + ");\n"
                        + "INSERT INTO ledger (id, amount) SELECT g, g % 1000 FROM generate_series(" + (half + 1) + ", "
                        + rows + ") g;\n"
                        + "INSERT INTO ledger_batches VALUES (2);\n")
                .migration("V3__index_ledger.sql", "DROP INDEX CONCURRENTLY IF EXISTS ledger_amount_idx;\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS ledger_amount_idx ON ledger (amount);\n"
                        + "SELECT pg_sleep(" + pause + ");\n"
                        + "DROP INDEX CONCURRENTLY IF EXISTS ledger_amount_id_idx;\n"
                        + "CREATE INDEX CONCURRENTLY IF NOT EXISTS ledger_amount_id_idx ON ledger (amount, id);\n")
                .nonTransactional("V3__index_ledger.sql")
                .migration("V4__add_columns.sql", columns.toString())
                .migration("V5__summarize.sql", "CREATE TABLE ledger_totals (amount BIGINT PRIMARY KEY, total NUMERIC NOT NULL);\n"
                        + "INSERT INTO ledger_totals SELECT amount, sum(id) FROM ledger GROUP BY amount;\n"
                        + "SELECT pg_sleep(" + pause + ");\n"
                        + "UPDATE ledger SET c1 = 1;\n")
                .writeTo(directory);
    }

    /**
     * How long each migration of {@code catalog}'s copy of this family takes here, in milliseconds
     * (index = version, at least 10 ms each): applied once to a scratch database of the test server.
     */
    public static long[] durations(SchemaCatalog catalog) {
        TestPostgres.Database scratch = TestPostgres.newDatabase();
        long[] durations = new long[MIGRATIONS + 1];
        Migrator.using(scratch.dataSource()).withCatalog(catalog).withListener(new MigrationListener() {
            @Override
            public void migrationApplied(AppliedMigration migration) {
                durations[migration.migration().version()] = Math.max(10, migration.duration().toMillis());
            }
        }).apply();
        scratch.server().dropDatabase(scratch.name());
        return durations;
    }

    /**
     * Where the {@code index}-th of {@code count} faults should land: in which migration (each gets
     * its share, in turn) and how long after it starts (a random point in the fault's slice of that
     * migration's duration), so every migration is hit at its start, middle and end whatever the
     * machine's speed and the seed.
     *
     * @return {version, delay in milliseconds}
     */
    public static long[] faultPoint(Random random, long[] durations, int index, int count) {
        int version = 1 + index % MIGRATIONS;
        int slices = (count + MIGRATIONS - 1) / MIGRATIONS;
        return new long[] {version, Seeds.stratified(random, index / MIGRATIONS, slices, durations[version])};
    }

    /** Each migration's effect in {@code schema}, by version. */
    public Map<Integer, Effect> effects(TestPostgres.Database database, String schema) {
        String s = quote(schema);
        Map<Integer, Effect> effects = new HashMap<>();
        boolean ledger = exists(database, schema, "ledger");
        boolean batches = exists(database, schema, "ledger_batches");
        boolean totalsTable = exists(database, schema, "ledger_totals");
        effects.put(1, ledger && batches ? Effect.COMPLETE : !ledger && !batches ? Effect.NONE : Effect.PARTIAL);

        long count = ledger ? Long.parseLong(database.value("SELECT count(*) FROM " + s + ".ledger")) : 0;
        String batchList = batches ? database.value("SELECT coalesce(string_agg(batch::text, ',' ORDER BY batch), '')"
                + " FROM " + s + ".ledger_batches") : "";
        effects.put(2, count == rows && batchList.equals("1,2") ? Effect.COMPLETE
                : count == 0 && batchList.isEmpty() ? Effect.NONE : Effect.PARTIAL);

        List<String> indexes = database.column("SELECT c.relname || ':' || i.indisvalid FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '" + schema.replace("'", "''") + "'"
                + " AND c.relname IN ('ledger_amount_idx', 'ledger_amount_id_idx') ORDER BY c.relname");
        effects.put(3, indexes.equals(List.of("ledger_amount_id_idx:true", "ledger_amount_idx:true")) ? Effect.COMPLETE
                : indexes.isEmpty() ? Effect.NONE : Effect.PARTIAL);

        int columns = ledger ? Integer.parseInt(database.value("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_schema = '" + schema.replace("'", "''") + "' AND table_name = 'ledger'"
                + " AND column_name ~ '^c[0-9]+$'")) : 0;
        effects.put(4, columns == COLUMNS ? Effect.COMPLETE : columns == 0 ? Effect.NONE : Effect.PARTIAL);

        long totals = totalsTable ? Long.parseLong(database.value("SELECT count(*) FROM " + s + ".ledger_totals")) : -1;
        long marked = columns >= 1 ? Long.parseLong(database.value("SELECT count(*) FROM " + s + ".ledger WHERE c1 = 1")) : 0;
        effects.put(5, totals == Math.min(1000, rows) && marked == rows ? Effect.COMPLETE
                : totals == -1 && marked == 0 ? Effect.NONE : Effect.PARTIAL);
        return effects;
    }

    /**
     * What is wrong in {@code schema} after a fault: empty when every successful history row has its
     * whole effect, no transactional migration has an effect without its row, none is partial, and
     * the rows form a prefix of the versions (nothing ran after a migration that did not complete).
     */
    public List<String> violations(TestPostgres.Database database, String schema) {
        List<String> violations = new ArrayList<>();
        Map<Integer, Boolean> rows = historyRows(database, schema);
        Map<Integer, Effect> effects = effects(database, schema);
        for (int version = 1; version <= MIGRATIONS; version++) {
            Boolean success = rows.get(version);
            Effect effect = effects.get(version);
            boolean transactional = version != NON_TRANSACTIONAL;
            if (Boolean.TRUE.equals(success) && effect != Effect.COMPLETE) {
                violations.add("V" + version + " has a successful history row but its effect is " + effect);
            }
            if (transactional && success == null && effect != Effect.NONE) {
                violations.add("V" + version + " (transactional) has no history row but its effect is " + effect);
            }
            if (transactional && effect == Effect.PARTIAL) {
                violations.add("V" + version + " (transactional) is half-applied");
            }
            if (success != null && version > 1 && !Boolean.TRUE.equals(rows.get(version - 1))) {
                violations.add("V" + version + " has a history row although V" + (version - 1) + " did not succeed");
            }
        }
        return violations;
    }

    /** Empty when every migration is recorded once as successful and every effect is complete. */
    public List<String> incompleteness(TestPostgres.Database database, String schema) {
        List<String> problems = new ArrayList<>();
        List<String> history = database.column("SELECT version || ':' || success FROM " + quote(schema)
                + ".schema_registry_history WHERE family = '" + FAMILY + "' ORDER BY version");
        List<String> expected = new ArrayList<>();
        for (int version = 1; version <= MIGRATIONS; version++) {
            expected.add(version + ":true");
        }
        if (!history.equals(expected)) {
            problems.add("history is " + history + ", expected " + expected);
        }
        effects(database, schema).forEach((version, effect) -> {
            if (effect != Effect.COMPLETE) {
                problems.add("V" + version + " effect is " + effect);
            }
        });
        return problems;
    }

    /** The history rows of the family in {@code schema}: version to success; empty without a history table. */
    public static Map<Integer, Boolean> historyRows(TestPostgres.Database database, String schema) {
        Map<Integer, Boolean> rows = new HashMap<>();
        if (!exists(database, schema, "schema_registry_history")) {
            return rows;
        }
        for (String row : database.column("SELECT version || ':' || success FROM " + quote(schema)
                + ".schema_registry_history WHERE family = '" + FAMILY + "'")) {
            String[] parts = row.split(":");
            rows.put(Integer.parseInt(parts[0]), parts[1].equals("true"));
        }
        return rows;
    }

    private static boolean exists(TestPostgres.Database database, String schema, String table) {
        return database.value("SELECT to_regclass('" + (quote(schema) + "." + table).replace("'", "''") + "') IS NOT NULL")
                .equals("t");
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
