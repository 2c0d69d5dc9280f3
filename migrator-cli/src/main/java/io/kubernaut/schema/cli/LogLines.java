package io.kubernaut.schema.cli;

import java.io.PrintStream;
import java.io.Writer;
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
final class LogLines extends Writer {

    private final Consumer<Event> events;
    private final StringBuilder line = new StringBuilder();

    private LogLines(Consumer<Event> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** A stream for {@link System#setErr} that reports each line to {@code events}. */
    static PrintStream stream(Consumer<Event> events) {
        return new PrintStream(new WriterOutputStream(new LogLines(events)), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                emit();
            } else if (chars[i] != '\r') {
                line.append(chars[i]);
            }
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
        if (line.isEmpty()) {
            return;
        }
        String text = line.toString();
        line.setLength(0);
        // slf4j-simple writes "[WARN] logger - message" (levelInBrackets in simplelogger.properties).
        String upper = text.toUpperCase(Locale.ROOT);
        String level = upper.startsWith("[ERROR]") ? "error" : upper.startsWith("[INFO]") || upper.startsWith("[DEBUG]")
                || upper.startsWith("[TRACE]") ? "info" : "warn";
        events.accept(new Event(level, "log", text, Map.of()));
    }
}
