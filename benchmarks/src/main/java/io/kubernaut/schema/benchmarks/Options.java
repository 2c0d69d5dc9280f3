package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.postgres.ContainerServer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of the harness. Each benchmark reads the ones it understands and has its own defaults
 * for the repetitions (the clone benchmark repeats a 15 ms operation 30 times, the comparison a
 * 10 s one far fewer).
 *
 * @param iterationsGiven measured repetitions of each scenario, or null for the benchmark's default
 * @param warmupGiven     repetitions run first and not counted (JIT, caches, connection set-up), or null
 * @param servers         the servers to measure on, one after the other ({@code clone})
 * @param image           the PostgreSQL image for Testcontainers ({@code clone})
 * @param thinkMs         pause between two measured repetitions, standing for a test class's own work
 *                        (lets the extension's pool refill in the background; {@code clone})
 * @param workloads       {@code real} and/or {@code generated} ({@code compare})
 * @param families        families of the generated workload ({@code compare})
 * @param migrations      migrations per generated family ({@code compare}, {@code scale})
 * @param tools           the tools to compare, null for all ({@code compare}, {@code scale})
 * @param sizes           numbers of families ({@code scale})
 */
record Options(Integer iterationsGiven, Integer warmupGiven, Set<ServerKind> servers, boolean serversGiven, String image,
        int thinkMs, Set<String> workloads, int families, int migrations, Set<String> tools, List<Integer> sizes) {

    static final String USAGE_OPTIONS = """
              --iterations N       measured repetitions per scenario (default: clone 30, compare 10, scale 15)
              --warmup N           repetitions run first and discarded (default: clone 5, compare 2, scale 3)
              --servers LIST       clone: embedded, testcontainers or both, comma-separated (default: embedded,
                                   and testcontainers when a Docker engine answers)
              --image IMAGE        clone: PostgreSQL image for Testcontainers (default: $LOCAL_POSTGRES_IMAGE,
                                   else %s)
              --think-ms N         clone: pause before each repetition of the pool scenario (default 250)
              --workloads LIST     compare: real, generated or both (default both)
              --families N         compare: families of the generated workload (default 50)
              --migrations N       compare, scale: migrations per generated family (default 20)
              --tools LIST         compare, scale: some of %s (default all)
              --sizes LIST         scale: numbers of families (default 10,100,1000)
            """.formatted(ContainerServer.DEFAULT_IMAGE, String.join(",", Tools.NAMES));

    /** Where a benchmark runs PostgreSQL. */
    enum ServerKind { EMBEDDED, TESTCONTAINERS }

    /** Measured repetitions: the option's value, else {@code fallback}. */
    int iterations(int fallback) {
        return iterationsGiven != null ? iterationsGiven : fallback;
    }

    /** Warm-up repetitions: the option's value, else {@code fallback}. */
    int warmup(int fallback) {
        return warmupGiven != null ? warmupGiven : fallback;
    }

    /** The tools to run, in report order: those of {@code --tools}, else all of {@link Tools#NAMES}. */
    List<String> toolNames() {
        return Tools.NAMES.stream().filter(t -> tools == null || tools.contains(t)).toList();
    }

    /** The clone benchmark's repetitions (default 30). */
    int iterations() {
        return iterations(30);
    }

    /** The clone benchmark's warm-up (default 5). */
    int warmup() {
        return warmup(5);
    }

    /**
     * Parses {@code arguments} (the ones after the sub-command).
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    static Options parse(List<String> arguments) {
        Integer iterations = null;
        Integer warmup = null;
        Set<ServerKind> servers = EnumSet.of(ServerKind.EMBEDDED, ServerKind.TESTCONTAINERS);
        boolean serversGiven = false;
        String environmentImage = System.getenv("LOCAL_POSTGRES_IMAGE");
        String image = environmentImage == null || environmentImage.isBlank() ? ContainerServer.DEFAULT_IMAGE : environmentImage;
        int thinkMs = 250;
        Set<String> workloads = new LinkedHashSet<>(List.of("real", "generated"));
        int families = 50;
        int migrations = 20;
        Set<String> tools = null;
        List<Integer> sizes = List.of(10, 100, 1000);
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
                case "--workloads" -> workloads = names(option, value, List.of("real", "generated"));
                case "--families" -> families = positive(option, value, 1);
                case "--migrations" -> migrations = positive(option, value, 1);
                case "--tools" -> tools = names(option, value, Tools.NAMES);
                case "--sizes" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String size : value.split(",")) {
                        list.add(positive(option, size.trim(), 1));
                    }
                    sizes = List.copyOf(list);
                }
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        return new Options(iterations, warmup, servers, serversGiven, image, thinkMs, workloads, families, migrations,
                tools, sizes);
    }

    private static Set<String> names(String option, String value, List<String> allowed) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            String trimmed = name.trim();
            if (!allowed.contains(trimmed)) {
                throw new IllegalArgumentException(option + " takes some of " + String.join(",", allowed) + ", not '"
                        + trimmed + "'");
            }
            names.add(trimmed);
        }
        return names;
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
