package io.kubernaut.schema.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Text written to the process's stderr by libraries (the SLF4J simple logger's warnings), turned into
 * one "log" {@link Event} per line, so that with {@code --log-format json} every stderr line stays a
 * JSON object.
 */
final class LogLines extends OutputStream {

    private final Consumer<Event> events;
    /** The bytes of the line being written; decoded when it ends, so a character split across writes stays whole. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LogLines(Consumer<Event> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** A stream for {@link System#setErr} that reports each line to {@code events}. */
    static PrintStream stream(Consumer<Event> events) {
        return new PrintStream(new LogLines(events), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else if (b != '\r') {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public void flush() {
        // Lines are reported when they end: a partial line waits for the rest.
    }

    @Override
    public synchronized void close() {
        emit();
    }

    private void emit() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        // slf4j-simple writes "[WARN] logger - message" (levelInBrackets in simplelogger.properties).
        String upper = text.toUpperCase(Locale.ROOT);
        String level = upper.startsWith("[ERROR]") ? "error" : upper.startsWith("[INFO]") || upper.startsWith("[DEBUG]")
                || upper.startsWith("[TRACE]") ? "info" : "warn";
        events.accept(new Event(level, "log", text, Map.of()));
    }
}
