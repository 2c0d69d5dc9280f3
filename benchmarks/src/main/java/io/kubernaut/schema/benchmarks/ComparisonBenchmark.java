package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Tools.Tool;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@code compare}: the same SQL applied by plain JDBC (the floor), this project, Liquibase and Flyway
 * (issue 6). For each workload: (a) apply to an empty database, every tool on a database of its own,
 * created for the repetition and not timed; (b) the no-op re-run, every tool again on the database
 * its last apply left. Repetitions go round the tools (one of each, then the next round), so a change
 * of load on the machine touches every tool alike; every tool gets the same warm-up.
 */
final class ComparisonBenchmark implements Benchmark {

    private static final int DEFAULT_ITERATIONS = 10;
    private static final int DEFAULT_WARMUP = 2;
    /** Issue 6: apply within 10 % of plain JDBC; a no-op run of 1,000 migrations within 30 ms. */
    private static final double APPLY_RATIO_TARGET = 1.1;
    private static final double NOOP_TARGET_MS = 30;
    /** The reference medians for the generated workload (ms), by tool. */
    private static final Map<String, double[]> ANCHORS = Map.of(
            "jdbc", new double[] {2700, 25},
            "liquibase", new double[] {4600, 434},
            "flyway", new double[] {8600, 116},
            "flyway-per-family", new double[] {10600, 2400});

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "apply and no-op re-run: plain JDBC, this project, Liquibase, Flyway (one sequence, per family)";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        Tools.quiet();
        int warmup = options.warmup(DEFAULT_WARMUP);
        int iterations = options.iterations(DEFAULT_ITERATIONS);
        List<String> toolNames = options.toolNames();
        Machine.printHeading(out, "## compare: this project against plain JDBC, Liquibase and Flyway");
        out.println("- " + warmup + " warm-up and " + iterations + " measured rounds per scenario; a round runs every tool"
                + " once, in the order " + String.join(", ", toolNames));
        Path work = Files.createTempDirectory("schema-benchmarks-workloads-");
        try (Servers.Started started = Servers.startDurable()) {
            out.println("- server: " + started.description());
            for (String workloadName : options.workloads()) {
                Workload workload = workloadName.equals("real")
                        ? Workload.real(SchemaCatalog.discover(ComparisonBenchmark.class.getClassLoader()))
                        : Workload.generated(options.families(), options.migrations());
                WorkloadFiles files = WorkloadFiles.write(workload, work.resolve(workload.name()), workloadName.equals("generated"));
                // The service's class path exists before the migrator runs: one loader for every run.
                URLClassLoader familyLoader = workloadName.equals("generated") ? files.newLoader() : null;
                Supplier<ClassLoader> loader = familyLoader != null ? () -> familyLoader
                        : ComparisonBenchmark.class::getClassLoader;
                List<Tool> tools = toolNames.stream().map(t -> Tools.create(t, files, loader)).toList();
                out.println();
                measure(started.server(), workload, tools, warmup, iterations, out);
                if (familyLoader != null) {
                    familyLoader.close();
                }
            }
        } finally {
            TempDirectories.deleteRecursively(work);
        }
    }

    private void measure(PostgresServer server, Workload workload, List<Tool> tools, int warmup, int iterations,
            PrintStream out) throws Exception {
        out.println("### " + workload.name() + ": " + workload.description());
        out.println();
        out.println(workload.families().size() + " families, " + workload.migrations() + " migrations, "
                + workload.tables() + " tables. Tools:");
        out.println();
        tools.forEach(t -> out.println("- `" + t.name() + "`: " + t.description()));
        out.println();
        String prefix = "bench_" + workload.name();
        Map<String, long[]> apply = new LinkedHashMap<>();
        Map<String, String> applied = new LinkedHashMap<>();
        tools.forEach(t -> apply.put(t.name(), new long[iterations]));
        int rounds = warmup + iterations;
        for (int round = 0; round < rounds; round++) {
            for (Tool tool : tools) {
                String database = prefix + "_" + tool.name().replace('-', '_') + "_" + round;
                server.dropDatabase(database);
                server.createDatabase(database, null);
                DataSource dataSource = server.dataSource(database);
                long started = System.nanoTime();
                tool.migrate(dataSource);
                long elapsed = System.nanoTime() - started;
                requireEverythingApplied(dataSource, workload, tool);
                if (round >= warmup) {
                    apply.get(tool.name())[round - warmup] = elapsed;
                }
                String previous = applied.put(tool.name(), database);
                if (previous != null) {
                    server.dropDatabase(previous);
                }
            }
            System.err.printf(Locale.ROOT, "[%s] apply round %d/%d done%n", workload.name(), round + 1, rounds);
        }
        Map<String, long[]> noop = new LinkedHashMap<>();
        tools.forEach(t -> noop.put(t.name(), new long[iterations]));
        for (int round = 0; round < rounds; round++) {
            for (Tool tool : tools) {
                DataSource dataSource = server.dataSource(applied.get(tool.name()));
                long started = System.nanoTime();
                tool.migrate(dataSource);
                long elapsed = System.nanoTime() - started;
                if (round >= warmup) {
                    noop.get(tool.name())[round - warmup] = elapsed;
                }
            }
        }
        applied.values().forEach(server::dropDatabase);

        boolean anchored = workload.name().equals("generated");
        out.println("(a) apply to an empty database (ms):");
        out.println();
        table(out, apply, anchored ? 0 : -1);
        out.println();
        out.println("(b) no-op re-run, everything applied (ms):");
        out.println();
        table(out, noop, anchored ? 1 : -1);
        out.println();
        if (apply.containsKey("migrator") && apply.containsKey("jdbc")) {
            double ratio = Stats.ofNanos(apply.get("migrator")).median() / Stats.ofNanos(apply.get("jdbc")).median();
            out.printf(Locale.ROOT, "- target apply <= %.1fx plain JDBC: %.2fx, %s%n", APPLY_RATIO_TARGET, ratio,
                    ratio <= APPLY_RATIO_TARGET ? "met" : "MISSED");
        }
        if (noop.containsKey("migrator") && workload.migrations() >= 1000) {
            double median = Stats.ofNanos(noop.get("migrator")).median();
            out.printf(Locale.ROOT, "- target no-op re-run of %d migrations <= %.0f ms: %s ms, %s%n", workload.migrations(),
                    NOOP_TARGET_MS, Stats.format(median), median <= NOOP_TARGET_MS ? "met" : "MISSED");
        }
    }

    private static void table(PrintStream out, Map<String, long[]> samples, int anchorColumn) {
        double floor = samples.containsKey("jdbc") ? Stats.ofNanos(samples.get("jdbc")).median() : Double.NaN;
        out.println("| Tool | n | min | median | p90 | max | median / plain JDBC |" + (anchorColumn >= 0 ? " issue's reference median |" : ""));
        out.println("|---|--:|--:|--:|--:|--:|--:|" + (anchorColumn >= 0 ? "--:|" : ""));
        samples.forEach((tool, nanos) -> {
            Stats stats = Stats.ofNanos(nanos);
            String anchor = "";
            if (anchorColumn >= 0) {
                double[] reference = ANCHORS.get(tool);
                anchor = " " + (reference == null ? "" : Stats.format(reference[anchorColumn])) + " |";
            }
            out.println("| " + tool + " | " + stats.samples() + " | " + Stats.format(stats.min()) + " | "
                    + Stats.format(stats.median()) + " | " + Stats.format(stats.p90()) + " | " + Stats.format(stats.max())
                    + " | " + (Double.isNaN(floor) ? "" : String.format(Locale.ROOT, "%.2f", stats.median() / floor)) + " |"
                    + anchor);
        });
    }

    private static void requireEverythingApplied(DataSource dataSource, Workload workload, Tool tool) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            List<String> missing = Tools.missingTables(connection, "public", workload);
            if (!missing.isEmpty()) {
                throw new IllegalStateException(tool.name() + " left " + missing.size() + " tables of " + workload.name()
                        + " out, e.g. " + missing.subList(0, Math.min(5, missing.size())));
            }
        }
    }
}
