package io.kubernaut.schema.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a report says about the machine it was measured on; read from /proc where there is one. */
final class Machine {

    private Machine() {
    }

    /** e.g. {@code AMD EPYC, 2 CPUs, 23.4 GiB, Linux 6.1.0, Java 17.0.13}. */
    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replace("kB", "").trim()) / 1024.0 / 1024.0))
                .orElse("? GiB");
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }

    /** The 1, 5 and 15 minute load averages (other work on the machine skews every figure). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The type of the file system holding {@code path} ({@code tmpfs}, {@code ext4}, ...), from the
     * longest mount point above it in /proc/mounts; {@code unknown} without /proc.
     */
    static String fileSystemOf(Path path) {
        try {
            String target = path.toAbsolutePath().normalize().toString();
            String best = "";
            String type = "unknown";
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length < 3) {
                    continue;
                }
                String mountPoint = fields[1];
                boolean above = target.equals(mountPoint) || mountPoint.equals("/")
                        || target.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
                if (above && mountPoint.length() >= best.length()) {
                    best = mountPoint;
                    type = fields[2];
                }
            }
            return type;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            // Not Linux: the caller falls back.
        }
        return java.util.Optional.empty();
    }

    /** A report's heading: its Markdown title, then the machine and its load before the run. */
    static void printHeading(PrintStream out, String title) {
        out.println(title);
        out.println();
        out.println("- machine: " + describe() + ", load average before: " + loadAverage());
    }
}
