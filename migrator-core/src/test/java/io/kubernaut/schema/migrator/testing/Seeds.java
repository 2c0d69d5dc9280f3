package io.kubernaut.schema.migrator.testing;

import java.util.Random;

/**
 * The randomness of the fault scenarios: one seed per test, printed, and taken from
 * {@code -Dreliability.seed=...} when given, so a failing run can be repeated exactly (the timing
 * of the machine aside).
 */
public final class Seeds {

    private Seeds() {
    }

    /** A random generator for {@code test}, its seed printed with how to repeat it. */
    public static Random random(String test) {
        Long given = Long.getLong("reliability.seed");
        long seed = given != null ? given : System.nanoTime();
        System.out.println("[reliability] " + test + ": seed " + seed + " (repeat with -Dreliability.seed=" + seed + ")");
        return new Random(seed);
    }

    /**
     * A delay in milliseconds for the {@code index}-th of {@code count} faults spread over
     * {@code windowMillis}: stratified (one random point in each of {@code count} equal slices), so
     * every part of the run is hit whatever the seed, and still at a random point.
     */
    public static long stratified(Random random, int index, int count, long windowMillis) {
        double slice = (double) windowMillis / count;
        return Math.round(slice * index + random.nextDouble() * slice);
    }
}
