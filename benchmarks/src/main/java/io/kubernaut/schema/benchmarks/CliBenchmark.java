package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CLI's cold start: {@code status} against a migrated database as a whole process, as a
 * service's start-up script or a Kubernetes Job runs it, one new JVM per run. Run from the
 * repository root after {@code ./mvnw package}: it runs {@code ./migrator} (which adds the AppCDS
 * archive made at package time) and, for comparison, {@code java -cp migrator-cli-…-all.jar} with
 * no JVM options.
 */
final class CliBenchmark implements Benchmark {

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String summary() {
        return "the CLI's `status` against a migrated database as a whole process (run from the repository root)";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        Path script = Path.of("migrator").toAbsolutePath();
        Path jar = allJar();
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("run from the repository root: no ./migrator in " + script.getParent());
        }
        int iterations = options.iterations(20);
        int warmup = options.warmup(3);
        try (Servers.Started started = Servers.start(Options.ServerKind.EMBEDDED, options)) {
            PostgresServer server = started.server();
            server.createDatabase("cli_benchmark", null);
            Migrator.using(server.dataSource("cli_benchmark"))
                    .withCatalog(SchemaCatalog.discover(CliBenchmark.class.getClassLoader())).apply();
            List<String> status = List.of("status", "--url", server.jdbcUrl("cli_benchmark"), "--user", server.user());

            Map<String, List<String>> scenarios = new LinkedHashMap<>();
            scenarios.put("./migrator status (AppCDS archive, project families)", concat(List.of(script.toString()), status));
            scenarios.put("java -cp …-all.jar status (no JVM options, no archive)", concat(
                    List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                            "io.kubernaut.schema.cli.MigratorCli"), status));

            Machine.printHeading(out, "## cli: `status` against a migrated database, a new process per run");
            out.println("- " + started.description() + "; database migrated with audit_events and workflows");
            out.println("- " + warmup + " warm-up and " + iterations + " measured runs of each, alternating; wall time"
                    + " from start to exit");
            out.println();
            Map<String, long[]> samples = new LinkedHashMap<>();
            scenarios.keySet().forEach(name -> samples.put(name, new long[iterations]));
            for (int i = -warmup; i < iterations; i++) {
                for (Map.Entry<String, List<String>> scenario : scenarios.entrySet()) {
                    long nanos = runOnce(scenario.getValue());
                    if (i >= 0) {
                        samples.get(scenario.getKey())[i] = nanos;
                    }
                }
            }
            out.println("| Run | median ms | min ms | p90 ms | max ms |");
            out.println("| --- | ---: | ---: | ---: | ---: |");
            samples.forEach((name, nanos) -> {
                Stats stats = Stats.ofNanos(nanos);
                out.println("| " + name + " | " + Stats.format(stats.median()) + " | " + Stats.format(stats.min()) + " | "
                        + Stats.format(stats.p90()) + " | " + Stats.format(stats.max()) + " |");
            });
            out.println();
            out.println("- load average after: " + Machine.loadAverage());
        }
    }

    private static long runOnce(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("MIGRATOR_") || name.startsWith("PG")
                || name.equals("DATABASE_URL") || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS"));
        long started = System.nanoTime();
        Process process = builder.start();
        int exitCode = process.waitFor();
        long nanos = System.nanoTime() - started;
        if (exitCode != 0) {
            throw new IllegalStateException("exit code " + exitCode + " from " + String.join(" ", command));
        }
        return nanos;
    }

    /** The runnable jar {@code ./migrator} runs (built by {@code ./mvnw package} or the script's first run). */
    private static Path allJar() throws IOException {
        Path target = Path.of("migrator-cli", "target").toAbsolutePath();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no migrator-cli-…-all.jar in " + target
                            + ": build it with ./mvnw package (or run ./migrator once)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("run from the repository root after ./mvnw package: no " + target, e);
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
