package io.kubernaut.schema.benchmarks;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The benchmark harness: {@code java -jar benchmarks/target/schema-benchmarks.jar <benchmark> [options]}.
 * Each benchmark is a sub-command; add one by implementing {@link Benchmark} and listing it in
 * {@link #BENCHMARKS}. The build compiles and packages the harness but never runs it: timings belong
 * in docs/benchmarks.md, not in assertions.
 */
@Command(name = "schema-benchmarks",
        description = "Measures the schema registry's tools; each benchmark prints Markdown tables for docs/benchmarks.md.",
        subcommands = CommandLine.HelpCommand.class)
public final class Benchmarks implements Callable<Integer> {

    /** Every benchmark, in the order the help lists them. */
    private static final List<Benchmark> BENCHMARKS = List.of(new FreshDatabaseBenchmark(), new ComparisonBenchmark(),
            new ScaleBenchmark(), new SuiteBenchmark(), new VerifyBenchmark(), new CliBenchmark());

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Benchmarks());
        for (Benchmark benchmark : BENCHMARKS) {
            CommandLine command = new CommandLine(new Run(benchmark, out, err));
            command.getCommandSpec().usageMessage().description(benchmark.summary());
            commandLine.addSubcommand(benchmark.name(), command);
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Without a benchmark: say which exist (exit code 2, as for every usage error). */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a benchmark: "
                + String.join(", ", BENCHMARKS.stream().map(Benchmark::name).toList()));
    }

    /** One benchmark as a sub-command with the harness's options. */
    @Command
    static final class Run implements Callable<Integer> {

        private final Benchmark benchmark;
        private final PrintStream out;
        private final PrintStream err;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Mixin
        Options options;

        Run(Benchmark benchmark, PrintStream out, PrintStream err) {
            this.benchmark = benchmark;
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            options.validate();
            try {
                benchmark.run(options, out);
                return 0;
            } catch (Exception e) {
                err.println("Benchmark '" + benchmark.name() + "' failed: " + e);
                e.printStackTrace(err);
                return 1;
            }
        }
    }
}
