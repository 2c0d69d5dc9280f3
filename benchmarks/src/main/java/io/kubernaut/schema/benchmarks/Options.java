package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.postgres.ContainerServer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options every benchmark understands.
 *
 * @param iterations measured repetitions of each scenario
 * @param warmup     repetitions run first and not counted (JIT, caches, connection set-up)
 * @param servers    the servers to measure on, one after the other
 * @param image      the PostgreSQL image for Testcontainers
 * @param thinkMs    pause between two measured repetitions, standing for a test class's own work
 *                   (lets the extension's pool refill in the background)
 */
record Options(int iterations, int warmup, Set<ServerKind> servers, boolean serversGiven, String image, int thinkMs) {

    static final String USAGE_OPTIONS = """
              --iterations N       measured repetitions per scenario (default 30)
              --warmup N           repetitions run first and discarded (default 5)
              --servers LIST       embedded, testcontainers or both, comma-separated (default: embedded,
                                   and testcontainers when a Docker engine answers)
              --image IMAGE        PostgreSQL image for Testcontainers (default: $LOCAL_POSTGRES_IMAGE,
                                   else %s)
              --think-ms N         pause before each repetition of the pool scenario (default 250)
            """.formatted(ContainerServer.DEFAULT_IMAGE);

    /** Where a benchmark runs PostgreSQL. */
    enum ServerKind { EMBEDDED, TESTCONTAINERS }

    /**
     * Parses {@code arguments} (the ones after the sub-command).
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    static Options parse(List<String> arguments) {
        int iterations = 30;
        int warmup = 5;
        Set<ServerKind> servers = EnumSet.of(ServerKind.EMBEDDED, ServerKind.TESTCONTAINERS);
        boolean serversGiven = false;
        String environmentImage = System.getenv("LOCAL_POSTGRES_IMAGE");
        String image = environmentImage == null || environmentImage.isBlank() ? ContainerServer.DEFAULT_IMAGE : environmentImage;
        int thinkMs = 250;
        for (int i = 0; i < arguments.size(); i++) {
            String option = arguments.get(i);
            if (i + 1 >= arguments.size()) {
                throw new IllegalArgumentException("unknown option or missing value: " + option);
            }
            String value = arguments.get(++i);
            switch (option) {
                case "--iterations" -> iterations = positive(option, value, 1);
                case "--warmup" -> warmup = positive(option, value, 0);
                case "--think-ms" -> thinkMs = positive(option, value, 0);
                case "--image" -> image = value;
                case "--servers" -> {
                    servers = EnumSet.noneOf(ServerKind.class);
                    serversGiven = true;
                    for (String name : value.split(",")) {
                        try {
                            servers.add(ServerKind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("--servers takes embedded and/or testcontainers, not '"
                                    + name.trim() + "'");
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        return new Options(iterations, warmup, servers, serversGiven, image, thinkMs);
    }

    private static int positive(String option, String value, int minimum) {
        try {
            int number = Integer.parseInt(value);
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(option + " takes a whole number of at least " + minimum + ", not '" + value + "'");
    }
}
