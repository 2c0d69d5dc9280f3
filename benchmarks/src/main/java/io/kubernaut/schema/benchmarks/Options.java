package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.postgres.ContainerServer;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the harness, shared by every benchmark (a picocli mixin). Each benchmark reads the
 * ones it understands and has its own defaults for the repetitions (the clone benchmark repeats a
 * 15 ms operation 30 times, the comparison a 10 s one far fewer).
 */
final class Options {

    /** Where a benchmark runs PostgreSQL. */
    enum ServerKind { EMBEDDED, TESTCONTAINERS }

    private static final List<String> WORKLOADS = List.of("real", "generated");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Measured repetitions per scenario (default: clone 30, compare 10, scale 15, suite 5, verify 20, cli 20).")
    Integer iterationsGiven;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Repetitions run first and discarded (default: clone 5, compare 2, scale 3, suite 1, verify 5, cli 3).")
    Integer warmupGiven;

    @Option(names = "--servers", paramLabel = "LIST", split = ",",
            description = "clone: embedded, testcontainers or both, comma-separated (default: embedded, and"
                    + " testcontainers when a Docker engine answers).")
    Set<ServerKind> serversGiven;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "clone: PostgreSQL image for Testcontainers (default: $LOCAL_POSTGRES_IMAGE, else "
                    + ContainerServer.DEFAULT_IMAGE + ").")
    String imageGiven;

    @Option(names = "--think-ms", paramLabel = "N", defaultValue = "250",
            description = "clone: pause before each repetition of the pool scenario (default ${DEFAULT-VALUE}).")
    int thinkMs;

    @Option(names = "--workloads", paramLabel = "LIST", split = ",", defaultValue = "real,generated",
            description = "compare: real, generated or both (default both).")
    Set<String> workloads;

    @Option(names = "--families", paramLabel = "N", defaultValue = "50",
            description = "compare: families of the generated workload (default ${DEFAULT-VALUE}).")
    int families;

    @Option(names = "--migrations", paramLabel = "N", defaultValue = "20",
            description = "compare, scale: migrations per generated family (default ${DEFAULT-VALUE}).")
    int migrations;

    @Option(names = "--tools", paramLabel = "LIST", split = ",",
            description = "compare, scale: some of ${COMPLETION-CANDIDATES} (default all).",
            completionCandidates = ToolNames.class)
    Set<String> tools;

    @Option(names = "--sizes", paramLabel = "LIST", split = ",", defaultValue = "10,100,1000",
            description = "scale: numbers of families (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    /** The names {@code --tools} takes, for its help. */
    static final class ToolNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Tools.NAMES.iterator();
        }
    }

    /**
     * Checks what picocli's types cannot: the ranges and the names of lists.
     *
     * @throws ParameterException naming the bad option
     */
    void validate() {
        atLeast("--iterations", iterationsGiven, 1);
        atLeast("--warmup", warmupGiven, 0);
        atLeast("--think-ms", thinkMs, 0);
        atLeast("--families", families, 1);
        atLeast("--migrations", migrations, 1);
        sizes.forEach(size -> atLeast("--sizes", size, 1));
        names("--workloads", workloads, WORKLOADS);
        names("--tools", tools, Tools.NAMES);
    }

    private void atLeast(String option, Integer value, int minimum) {
        if (value != null && value < minimum) {
            throw new ParameterException(spec.commandLine(), option + " takes a whole number of at least " + minimum
                    + ", not '" + value + "'");
        }
    }

    private void names(String option, Set<String> given, List<String> allowed) {
        if (given == null) {
            return;
        }
        for (String name : given) {
            if (!allowed.contains(name)) {
                throw new ParameterException(spec.commandLine(), option + " takes some of " + String.join(",", allowed)
                        + ", not '" + name + "'");
            }
        }
    }

    /** Measured repetitions: the option's value, else {@code fallback}. */
    int iterations(int fallback) {
        return iterationsGiven != null ? iterationsGiven : fallback;
    }

    /** Warm-up repetitions: the option's value, else {@code fallback}. */
    int warmup(int fallback) {
        return warmupGiven != null ? warmupGiven : fallback;
    }

    /** The clone benchmark's repetitions (default 30). */
    int iterations() {
        return iterations(30);
    }

    /** The clone benchmark's warm-up (default 5). */
    int warmup() {
        return warmup(5);
    }

    /** The servers to measure on, one after the other ({@code clone}); both when not given. */
    Set<ServerKind> servers() {
        return serversGiven != null ? serversGiven : EnumSet.allOf(ServerKind.class);
    }

    /** Whether {@code --servers} was given (then a missing Docker engine is an error, not a skip). */
    boolean serversWereGiven() {
        return serversGiven != null;
    }

    /** The PostgreSQL image for Testcontainers ({@code clone}). */
    String image() {
        if (imageGiven != null) {
            return imageGiven;
        }
        String environment = System.getenv("LOCAL_POSTGRES_IMAGE");
        return environment == null || environment.isBlank() ? ContainerServer.DEFAULT_IMAGE : environment;
    }

    /** Pause between two measured repetitions, standing for a test class's own work ({@code clone}). */
    int thinkMs() {
        return thinkMs;
    }

    /** {@code real} and/or {@code generated} ({@code compare}), in the order given. */
    Set<String> workloads() {
        return new LinkedHashSet<>(workloads);
    }

    /** Families of the generated workload ({@code compare}). */
    int families() {
        return families;
    }

    /** Migrations per generated family ({@code compare}, {@code scale}). */
    int migrations() {
        return migrations;
    }

    /** The tools to compare, null for all ({@code compare}, {@code scale}). */
    Set<String> tools() {
        return tools;
    }

    /** The tools to run, in report order: those of {@code --tools}, else all of {@link Tools#NAMES}. */
    List<String> toolNames() {
        return Tools.NAMES.stream().filter(t -> tools == null || tools.contains(t)).toList();
    }

    /** Numbers of families ({@code scale}). */
    List<Integer> sizes() {
        return List.copyOf(sizes);
    }
}
