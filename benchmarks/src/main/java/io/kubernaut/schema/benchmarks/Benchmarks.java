package io.kubernaut.schema.benchmarks;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark harness: {@code java -jar benchmarks/target/schema-benchmarks.jar <benchmark> [options]}.
 * Each benchmark is a sub-command; add one by implementing {@link Benchmark} and listing it in
 * {@link #BENCHMARKS}. The build compiles and packages the harness but never runs it: timings belong
 * in docs/benchmarks.md, not in assertions.
 */
public final class Benchmarks {

    /** Every benchmark, by sub-command. Flyway and Liquibase comparisons come next (a later issue). */
    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        register(new FreshDatabaseBenchmark());
        register(new ComparisonBenchmark());
        register(new ScaleBenchmark());
        register(new SuiteBenchmark());
        register(new VerifyBenchmark());
        register(new CliBenchmark());
    }

    private static void register(Benchmark benchmark) {
        BENCHMARKS.put(benchmark.name(), benchmark);
    }

    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Benchmark benchmark = BENCHMARKS.get(args[0]);
        if (benchmark == null) {
            err.println("Unknown benchmark '" + args[0] + "'.");
            usage(err);
            return 2;
        }
        Options options;
        try {
            options = Options.parse(List.of(Arrays.copyOfRange(args, 1, args.length)));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            usage(err);
            return 2;
        }
        try {
            benchmark.run(options, out);
            return 0;
        } catch (Exception e) {
            err.println("Benchmark '" + benchmark.name() + "' failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar benchmarks/target/schema-benchmarks.jar <benchmark> [options]");
        out.println();
        out.println("Benchmarks:");
        BENCHMARKS.values().forEach(b -> out.printf("  %-20s %s%n", b.name(), b.summary()));
        out.println();
        out.println("Options:");
        out.print(Options.USAGE_OPTIONS);
    }
}
