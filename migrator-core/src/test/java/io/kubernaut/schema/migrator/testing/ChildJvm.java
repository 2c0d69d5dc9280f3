package io.kubernaut.schema.migrator.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started with the test class path running one main class: its standard output read line by
 * line on a thread of its own (so the child never blocks on a full pipe), its standard error in a
 * file, lines sent to its standard input. {@link #close()} kills it (SIGKILL) if it still runs, so
 * a test that fails or times out never leaves a child behind.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end";

    private final String name;
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private ChildJvm(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::pump, "stdout of " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} with {@code args}; {@code password} goes to the environment variable
     * {@code SCHEMA_TEST_PASSWORD} (never an argument, which {@code ps} shows).
     */
    public static ChildJvm start(String name, Path workDirectory, String password, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        Path stderr = workDirectory.resolve(name + ".err");
        try {
            Files.createDirectories(workDirectory);
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().put("SCHEMA_TEST_PASSWORD", password == null ? "" : password);
            return new ChildJvm(name, builder.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start child JVM " + name, e);
        }
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            // The child was killed: its pipe is gone.
        } finally {
            lines.add(END);
        }
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /**
     * The next line the child prints, waiting at most {@code timeout}.
     *
     * @throws AssertionError when none comes in time or the child ended first, with its standard error
     */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError(name + " printed nothing within " + timeout.toSeconds() + " s; lines so far "
                    + seen + "; its stderr:\n" + stderr());
        }
        if (line.equals(END)) {
            lines.add(END);
            throw new AssertionError(name + " ended (exit " + exitCodeOrRunning() + ") before printing the expected line;"
                    + " lines " + seen + "; its stderr:\n" + stderr());
        }
        return line;
    }

    /** Skips lines until one starts with {@code prefix} and returns it. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Every line printed so far. */
    public List<String> linesSoFar() {
        return List.copyOf(seen);
    }

    /** Writes {@code line} to the child's standard input. */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + name, e);
        }
    }

    /** Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits for the process to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " survived SIGKILL for 30 s");
        }
    }

    /** Waits for the child to exit and returns its exit code. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s; lines " + seen
                    + "; its stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private String exitCodeOrRunning() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
    }

    /** What the child wrote to standard error so far. */
    public String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
