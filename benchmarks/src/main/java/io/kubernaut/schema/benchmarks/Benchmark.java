package io.kubernaut.schema.benchmarks;

import java.io.PrintStream;

/**
 * One measurement of the harness, run as the sub-command {@link #name()} of {@link Benchmarks}.
 * A benchmark starts what it needs, measures, prints its tables in Markdown (pasted as they are into
 * docs/benchmarks.md) and stops what it started.
 */
interface Benchmark {

    /** The sub-command, e.g. {@code clone}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Runs the measurement.
     *
     * @param options the command line's options
     * @param out     where the report goes
     */
    void run(Options options, PrintStream out) throws Exception;
}
