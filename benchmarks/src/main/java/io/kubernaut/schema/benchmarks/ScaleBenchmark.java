package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Timer.Timing;
import io.kubernaut.schema.benchmarks.Tools.Tool;
import io.kubernaut.schema.benchmarks.Workload.Family;
import io.kubernaut.schema.benchmarks.Workload.Script;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader.Provider;
import java.util.ServiceLoader;
import javax.sql.DataSource;

/**
 * {@code scale}: discovery and planning with 10, 100 and 1,000 family jars on the class path (issue 6:
 * the plan for 1,000 families within 200 ms, growing linearly). Each family is a generated one
 * ({@link Workload#generated}), a jar of its own. A repetition is {@link SchemaCatalog#discover} then
 * {@link Migrator#plan()} on a new connection, on a cold class path (a new class loader over the jars:
 * the JVM opens them and defines the providers' classes, as at a service's start) or a warm one (the
 * loader of earlier repetitions). Planned against a schema whose history says everything is applied
 * (nothing to read but the history) and against an empty schema (every migration pending, so every
 * script is read from its jar and checked against its checksum). Rows (p) ask every tool of
 * {@link Tools} for the pending migrations of the empty schema, on a class path it has scanned
 * before: the same question for plain JDBC, this project, Liquibase and Flyway.
 */
final class ScaleBenchmark implements Benchmark {

    private static final int DEFAULT_ITERATIONS = 15;
    private static final int DEFAULT_WARMUP = 3;
    private static final double TARGET_MS = 200;
    /**
     * One Flyway per family plans 100 families in 2-4 s; 1,000 would take 25-40 s a repetition,
     * so it runs beyond 100 only when asked for with {@code --tools}.
     */
    private static final int PER_FAMILY_FLYWAY_MAX = 100;

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String summary() {
        return "discovery + plan with 10, 100, 1,000 family jars on the class path: linear growth";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        Tools.quiet();
        int warmup = options.warmup(DEFAULT_WARMUP);
        int iterations = options.iterations(DEFAULT_ITERATIONS);
        List<String> toolNames = options.toolNames();
        Machine.printHeading(out, "## scale: discovery + plan with many families");
        out.println("- families of " + options.migrations() + " generated migrations each, one jar per family; "
                + warmup + " warm-up and " + iterations + " measured repetitions per scenario");
        Path work = Files.createTempDirectory("schema-benchmarks-scale-");
        List<Row> rows = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        try (Servers.Started started = Servers.startDurable()) {
            out.println("- server: " + started.description());
            PostgresServer server = started.server();
            for (int size : options.sizes()) {
                Workload workload = Workload.generated(size, options.migrations());
                WorkloadFiles files = WorkloadFiles.write(workload, work.resolve(String.valueOf(size)), true);
                List<Path> jars = files.jars();
                String empty = "bench_scale_empty_" + size;
                String upToDate = "bench_scale_applied_" + size;
                server.dropDatabase(empty);
                server.dropDatabase(upToDate);
                server.createDatabase(empty, null);
                server.createDatabase(upToDate, null);
                recordEverythingApplied(server.dataSource(upToDate), workload);
                DataSource emptySchema = server.dataSource(empty);
                DataSource appliedSchema = server.dataSource(upToDate);
                int migrations = workload.migrations();
                // Cold: a new class loader over the jars, as at a service's start: the JVM opens the jars and
                // defines the provider classes during discovery.
                rows.add(new Row(size, "(c1) cold class path: discovery + plan, everything applied",
                        Timer.measure(warmup, iterations, clock -> {
                            clock.start();
                            try (URLClassLoader loader = WorkloadFiles.loaderOf(jars)) {
                                plan(appliedSchema, SchemaCatalog.discover(loader), 0);
                            }
                            clock.stop();
                        })));
                rows.add(new Row(size, "(c2) cold class path: discovery + plan, empty schema (every script read and verified)",
                        Timer.measure(warmup, iterations, clock -> {
                            clock.start();
                            try (URLClassLoader loader = WorkloadFiles.loaderOf(jars)) {
                                plan(emptySchema, SchemaCatalog.discover(loader), migrations);
                            }
                            clock.stop();
                        })));
                rows.add(new Row(size, "(d) cold class path: discovery alone",
                        Timer.measure(warmup, iterations, clock -> {
                            clock.start();
                            try (URLClassLoader loader = WorkloadFiles.loaderOf(jars)) {
                                SchemaCatalog.discover(loader);
                            }
                            clock.stop();
                        })));
                // The JVM's share of (d): open the jars and define the provider classes, nothing of this project runs.
                rows.add(new Row(size, "(j) cold class path, the JVM alone: ServiceLoader loads every provider class, none created",
                        Timer.measure(warmup, iterations, clock -> {
                            clock.start();
                            try (URLClassLoader loader = WorkloadFiles.loaderOf(jars)) {
                                long loaded = ServiceLoader.load(SchemaModule.class, loader).stream().map(Provider::type).count();
                                if (loaded != size) {
                                    throw new IllegalStateException("expected " + size + " provider classes, loaded " + loaded);
                                }
                            }
                            clock.stop();
                        })));
                // Warm: the class path of a running service (jars open, provider classes loaded); each repetition
                // still discovers anew (new providers, which read their indexes) and plans.
                try (URLClassLoader loader = WorkloadFiles.loaderOf(jars)) {
                    SchemaCatalog.discover(loader);
                    rows.add(new Row(size, "(w1) warm class path: discovery + plan, everything applied",
                            Timer.measure(warmup, iterations, clock -> {
                                clock.start();
                                plan(appliedSchema, SchemaCatalog.discover(loader), 0);
                                clock.stop();
                            })));
                    rows.add(new Row(size, "(w2) warm class path: discovery + plan, empty schema (every script read and verified)",
                            Timer.measure(warmup, iterations, clock -> {
                                clock.start();
                                plan(emptySchema, SchemaCatalog.discover(loader), migrations);
                                clock.stop();
                            })));
                }
                // Every tool's plan of a fresh install, on a class path it has scanned before (warm, as (w2)).
                try (URLClassLoader familyLoader = files.newLoader()) {
                    for (String name : toolNames) {
                        if (name.equals("flyway-per-family") && size > PER_FAMILY_FLYWAY_MAX && options.tools() == null) {
                            skipped.add(size);
                            continue;
                        }
                        Tool tool = Tools.create(name, files, () -> familyLoader);
                        rows.add(new Row(size, "(p) " + name + ": pending migrations of an empty schema, warm class path",
                                Timer.measure(warmup, iterations, clock -> {
                                    clock.start();
                                    int pending = tool.pending(emptySchema);
                                    clock.stop();
                                    if (pending != migrations) {
                                        throw new IllegalStateException(name + " found " + pending + " pending migrations, not "
                                                + migrations);
                                    }
                                })));
                    }
                }
                server.dropDatabase(empty);
                server.dropDatabase(upToDate);
                System.err.printf(Locale.ROOT, "[scale] %d families done%n", size);
            }
        } finally {
            TempDirectories.deleteRecursively(work);
        }
        out.println();
        out.println("Times in ms; \"per family\" is the median divided by the number of families, \"growth\" the median"
                + " divided by the previous size's (linear: the ratio of the sizes).");
        out.println();
        out.println("| Scenario | families | n | min | median | p90 | max | per family (µs) | growth |");
        out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        List<String> scenarios = rows.stream().map(Row::scenario).distinct().toList();
        for (String scenario : scenarios) {
            Row previous = null;
            for (Row row : rows.stream().filter(r -> r.scenario().equals(scenario)).toList()) {
                Stats stats = row.timing().total();
                String growth = previous == null ? "" : String.format(Locale.ROOT, "%.1fx for %dx",
                        stats.median() / previous.timing().total().median(), row.families() / previous.families());
                out.println("| " + scenario + " | " + row.families() + " | " + stats.samples() + " | " + Stats.format(stats.min())
                        + " | " + Stats.format(stats.median()) + " | " + Stats.format(stats.p90()) + " | " + Stats.format(stats.max())
                        + " | " + String.format(Locale.ROOT, "%.0f", stats.median() * 1000 / row.families()) + " | " + growth + " |");
                previous = row;
            }
        }
        if (!skipped.isEmpty()) {
            out.println();
            out.println("(p) flyway-per-family was not run for " + skipped + " families: 25-40 s a repetition at 1,000;"
                    + " --tools flyway-per-family runs it.");
        }
        out.println();
        rows.stream().filter(r -> r.families() == 1000 && !r.scenario().startsWith("(d)") && !r.scenario().startsWith("(j)") && !r.scenario().startsWith("(p)")).forEach(r -> out.printf(Locale.ROOT,
                "- target %s, 1,000 families <= %.0f ms: median %s ms, %s%n", r.scenario(), TARGET_MS,
                Stats.format(r.timing().total().median()), r.timing().total().median() <= TARGET_MS ? "met" : "MISSED"));
    }

    private record Row(int families, String scenario, Timing timing) {
    }

    private static void plan(DataSource dataSource, SchemaCatalog catalog, int expectedPending) {
        Plan plan = Migrator.using(dataSource).withCatalog(catalog).withListener(MigrationListener.silent()).plan();
        if (plan.pending().size() != expectedPending) {
            throw new IllegalStateException("expected " + expectedPending + " pending migrations, the plan has "
                    + plan.pending().size());
        }
    }

    /** The history of a schema where every migration of {@code workload} was applied (the tables are not needed to plan). */
    private static void recordEverythingApplied(DataSource dataSource, Workload workload) throws Exception {
        // The history table as the migrator makes it: apply the first family (generated ones require none);
        // its rows are then left as they are.
        Migrator.using(dataSource).withCatalog(SchemaCatalog.of(WorkloadFiles.archive(workload.families().get(0))))
                .withListener(MigrationListener.silent()).apply();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO public.schema_registry_history"
                    + " (family, version, description, script, checksum, artifact_version, execution_ms, success)"
                    + " VALUES (?, ?, ?, ?, ?, '1.0.0', 0, true) ON CONFLICT (family, version) DO NOTHING")) {
                for (Family family : workload.families()) {
                    for (Script script : family.scripts()) {
                        insert.setString(1, family.name());
                        insert.setInt(2, script.version());
                        insert.setString(3, script.description());
                        insert.setString(4, script.file());
                        insert.setString(5, FamilyIndex.checksum(script.sql()));
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
