package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Timer.Timing;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * {@code verify}: {@link Migrator#verify()} in the caller's process once connected (issue 12: both
 * families of this project on a database with 36 monthly partitions under 300 ms, and linear in the
 * number of objects). A repetition verifies on a connection opened before the clock starts, so the
 * figure is the history read, the catalog queries (one per kind of object) and the comparison.
 *
 * <p>Scenarios: (r) the real families (schema-audit-events, schema-workflows) with 36 and 360
 * partitions of audit_events; (g) a generated family of {@code n} units (a table with a primary key,
 * an index and a trigger, a trigger function, a plain function, a view, an enum, a sequence) at
 * 1x and 10x, its snapshot taken as the schema Maven plugin takes it.
 */
final class VerifyBenchmark implements Benchmark {

    private static final int DEFAULT_ITERATIONS = 20;
    private static final int DEFAULT_WARMUP = 5;
    private static final double TARGET_MS = 300;
    private static final int UNITS = 20;

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "verify after connect: the real families with 36 and 360 partitions, a generated family at 1x and 10x";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        Tools.quiet();
        int warmup = options.warmup(DEFAULT_WARMUP);
        int iterations = options.iterations(DEFAULT_ITERATIONS);
        Machine.printHeading(out, "## verify: drift check of everything the families own");
        out.println("- " + warmup + " warm-up and " + iterations + " measured repetitions per scenario, on a connection"
                + " opened before the clock starts");
        List<String[]> rows = new ArrayList<>();
        try (Servers.Started started = Servers.startDurable()) {
            out.println("- server: " + started.description());
            PostgresServer server = started.server();
            SchemaCatalog real = SchemaCatalog.discover(VerifyBenchmark.class.getClassLoader());
            for (int months : List.of(36, 360)) {
                String database = "bench_verify_real_" + months;
                server.dropDatabase(database);
                server.createDatabase(database, null);
                DataSource dataSource = server.dataSource(database);
                Migrator.using(dataSource).withCatalog(real).withListener(MigrationListener.silent()).apply();
                // The migration made last month to 3 months ahead; months before them up to the count.
                execute(dataSource, "SELECT create_audit_events_partitions((date_trunc('month', now() AT TIME ZONE 'UTC')"
                        + " - make_interval(months => " + (months - 4) + "))::date, (date_trunc('month', now() AT TIME ZONE 'UTC')"
                        + " + interval '3 months')::date)");
                Timing timing = measure(dataSource, real, warmup, iterations);
                rows.add(row("(r) audit_events + workflows, " + partitions(dataSource) + " partitions", objects(dataSource), timing));
                server.dropDatabase(database);
            }
            for (int factor : List.of(1, 10)) {
                int units = UNITS * factor;
                String database = "bench_verify_generated_" + units;
                server.dropDatabase(database);
                server.createDatabase(database, null);
                DataSource dataSource = server.dataSource(database);
                SchemaCatalog generated = generatedFamily(server, units);
                Migrator.using(dataSource).withCatalog(generated).withListener(MigrationListener.silent()).apply();
                Timing timing = measure(dataSource, generated, warmup, iterations);
                rows.add(row("(g) generated family, " + units + " units (" + factor + "x)", objects(dataSource), timing));
                server.dropDatabase(database);
            }
        }
        out.println();
        out.println("Times in ms, in this process, connection already open.");
        out.println();
        out.println("| Scenario | relations, functions, triggers | n | min | median | p90 | max |");
        out.println("|---|--:|--:|--:|--:|--:|--:|");
        rows.forEach(r -> out.println("| " + String.join(" | ", r) + " |"));
        out.println();
        out.println("- load average after: " + Machine.loadAverage());
        out.printf(Locale.ROOT, "- target: (r) with 36 partitions <= %.0f ms: median %s ms, %s%n", TARGET_MS, rows.get(0)[4],
                Double.parseDouble(rows.get(0)[4]) <= TARGET_MS ? "met" : "MISSED");
    }

    private static String[] row(String scenario, int objects, Timing timing) {
        Stats total = timing.total();
        return new String[] {scenario, String.valueOf(objects), String.valueOf(total.samples()), Stats.format(total.min()),
                Stats.format(total.median()), Stats.format(total.p90()), Stats.format(total.max())};
    }

    private static Timing measure(DataSource dataSource, SchemaCatalog catalog, int warmup, int iterations) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Migrator migrator = Migrator.using(openConnection(connection)).withCatalog(catalog)
                    .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().build());
            return Timer.measure(warmup, iterations, clock -> {
                clock.start();
                DriftReport report = migrator.verify();
                clock.stop();
                if (!report.allVerified()) {
                    throw new IllegalStateException("the benchmark's database drifted:\n" + report);
                }
            });
        }
    }

    /** A data source handing out {@code connection}, whose close leaves it open: connecting is not measured. */
    private static DataSource openConnection(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(VerifyBenchmark.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> method.getName().equals("close") ? null
                        : invoke(method, connection, args));
        return (DataSource) Proxy.newProxyInstance(VerifyBenchmark.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> method.getName().equals("getConnection") ? unclosable
                        : method.getName().equals("toString") ? "open connection" : null);
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A family of {@code units} units, built as the plugin builds one: applied, then its snapshot taken. */
    private static SchemaCatalog generatedFamily(PostgresServer server, int units) throws SQLException {
        StringBuilder sql = new StringBuilder();
        Set<String> tables = new TreeSet<>();
        for (int i = 0; i < units; i++) {
            String t = "item_" + i;
            tables.add(t);
            sql.append("CREATE TYPE ").append(t).append("_state AS ENUM ('new', 'done');\n")
                    .append("CREATE SEQUENCE ").append(t).append("_number_seq;\n")
                    .append("CREATE TABLE ").append(t).append(" (id bigint PRIMARY KEY, name text NOT NULL, state ")
                    .append(t).append("_state NOT NULL DEFAULT 'new', amount numeric(12, 2), updated_at timestamptz);\n")
                    .append("CREATE INDEX ").append(t).append("_name_idx ON ").append(t).append(" (name);\n")
                    .append("CREATE FUNCTION ").append(t).append("_touch() RETURNS trigger LANGUAGE plpgsql")
                    .append(" SET search_path FROM CURRENT AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;\n")
                    .append("CREATE TRIGGER ").append(t).append("_touch BEFORE UPDATE ON ").append(t)
                    .append(" FOR EACH ROW EXECUTE FUNCTION ").append(t).append("_touch();\n")
                    .append("CREATE FUNCTION ").append(t).append("_total() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT sum(amount) FROM ")
                    .append(t).append(" $$;\n")
                    .append("CREATE VIEW ").append(t).append("_open AS SELECT id, name FROM ").append(t)
                    .append(" WHERE state = 'new';\n");
        }
        String script = "V1__generated.sql";
        FamilyIndex index = new FamilyIndex("generated", "bench:generated", "1.0.0", tables, Set.of(),
                List.of(new Migration(1, "generated", script, FamilyIndex.checksum(sql.toString()), true)));
        FamilyArchive withoutSnapshot = FamilyArchive.of("generated", index, Map.of(script, sql.toString()), null);
        String build = "bench_verify_build_" + units;
        server.dropDatabase(build);
        server.createDatabase(build, null);
        try {
            DataSource dataSource = server.dataSource(build);
            Migrator.using(dataSource).withCatalog(SchemaCatalog.of(List.of(withoutSnapshot)))
                    .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().schema("build").build()).apply();
            SchemaSnapshot snapshot;
            try (Connection connection = dataSource.getConnection()) {
                snapshot = SchemaSnapshot.take(connection, "build", SchemaObjects.inSchema(connection, "build"));
            }
            return SchemaCatalog.of(List.of(FamilyArchive.of("generated", index, Map.of(script, sql.toString()), snapshot)));
        } finally {
            server.dropDatabase(build);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int partitions(DataSource dataSource) throws SQLException {
        return count(dataSource, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.audit_events'::regclass");
    }

    /** Relations, functions and types of the public schema (partitions and indexes included). */
    private static int objects(DataSource dataSource) throws SQLException {
        return count(dataSource, "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public') + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = 'public') + (SELECT count(*) FROM pg_trigger)");
    }

    private static int count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
