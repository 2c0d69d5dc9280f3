package io.kubernaut.schema.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Order statistics of measured durations, in milliseconds. Percentiles are nearest-rank: the p-th
 * percentile of n sorted samples is sample number ceil(p/100 * n), a value that was measured.
 *
 * @param samples the number of measurements
 */
record Stats(int samples, double min, double median, double p90, double max) {

    static Stats ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, ms(sorted[0]), ms(rank(sorted, 50)), ms(rank(sorted, 90)), ms(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** A duration in milliseconds with one decimal, as the tables show it. */
    static String format(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}
