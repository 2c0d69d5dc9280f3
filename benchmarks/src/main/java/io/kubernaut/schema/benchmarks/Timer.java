package io.kubernaut.schema.benchmarks;

/**
 * Runs a scenario: warm-up repetitions, then measured ones. Only the part of a repetition between
 * {@link Clock#start()} and {@link Clock#stop()} counts, so set-up and clean-up can live in it.
 */
final class Timer {

    /** One repetition of a scenario. */
    @FunctionalInterface
    interface Repetition {
        void run(Clock clock) throws Exception;
    }

    /**
     * The figures of a scenario.
     *
     * @param ready until {@link Clock#ready()} (the database is there), or until stop when not marked
     * @param total until {@link Clock#stop()}
     */
    record Timing(Stats ready, Stats total) {
    }

    /** The stopwatch of one repetition. */
    static final class Clock {
        private long started = -1;
        private long ready = -1;
        private long stopped = -1;

        void start() {
            started = System.nanoTime();
        }

        /** Marks an intermediate point, e.g. the database exists but nothing has connected yet. */
        void ready() {
            ready = System.nanoTime();
        }

        void stop() {
            stopped = System.nanoTime();
        }
    }

    private Timer() {
    }

    static Timing measure(int warmup, int iterations, Repetition repetition) throws Exception {
        for (int i = 0; i < warmup; i++) {
            repetition.run(new Clock());
        }
        long[] ready = new long[iterations];
        long[] total = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            Clock clock = new Clock();
            repetition.run(clock);
            if (clock.started < 0 || clock.stopped < 0) {
                throw new IllegalStateException("a repetition did not start and stop its clock");
            }
            total[i] = clock.stopped - clock.started;
            ready[i] = (clock.ready < 0 ? clock.stopped : clock.ready) - clock.started;
        }
        return new Timing(Stats.ofNanos(ready), Stats.ofNanos(total));
    }
}
