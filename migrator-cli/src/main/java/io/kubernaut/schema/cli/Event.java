package io.kubernaut.schema.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened during a command, for people and for machines: a sentence printed on
 * stderr, or with {@code --log-format json} one JSON object per line with {@code time}, {@code level},
 * {@code event}, {@code message} and the event's {@link #fields()}. Names and fields are documented
 * in the README ("Events for machines") and stay stable.
 *
 * @param level   {@code info}, {@code warn} or {@code error}
 * @param name    the event's name, e.g. {@code migration.finished}
 * @param message the sentence for people
 * @param fields  the event's data, in order; values are strings, numbers, booleans, lists or maps
 */
record Event(String level, String name, String message, Map<String, Object> fields) {

    Event {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    static Event info(String name, String message) {
        return new Event("info", name, message, Map.of());
    }

    static Event warn(String name, String message) {
        return new Event("warn", name, message, Map.of());
    }

    static Event error(String name, String message) {
        return new Event("error", name, message, Map.of());
    }

    /** This event with {@code field} set to {@code value}; a null value leaves the field out. */
    Event with(String field, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> more = new LinkedHashMap<>(fields);
        more.put(field, value);
        return new Event(level, name, message, more);
    }
}
