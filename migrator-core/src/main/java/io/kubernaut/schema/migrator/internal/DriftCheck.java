package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.Drift.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the entry-by-entry differences of two {@link SchemaSnapshot}s into {@link Drift}s a user can
 * act on: a changed column becomes one drift per facet that changed (type, nullability, default,
 * identity), and a missing table is reported once instead of once per column, index and trigger.
 */
public final class DriftCheck {

    /**
     * A column entry as {@link SchemaSnapshot#take} writes it: {@code <type> null|not null},
     * then {@code default <expr>} or {@code generated always as <expr>}, then the identity.
     */
    private static final Pattern COLUMN = Pattern.compile(
            "(?s)(.+?) (not null|null)(?: (default .*?|generated always as .*?))?( identity always| identity by default)?");

    private DriftCheck() {
    }

    /** The drift of {@code actual} from {@code expected}; empty when they are equal. */
    public static List<Drift> compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        List<SchemaSnapshot.Difference> differences = expected.compare(actual);
        Set<String> missingTables = new TreeSet<>();
        differences.stream().filter(d -> d.kind().equals("table") && d.actual() == null)
                .forEach(d -> missingTables.add(d.name()));
        List<Drift> drift = new ArrayList<>();
        for (SchemaSnapshot.Difference difference : differences) {
            boolean table = difference.kind().equals("table");
            if (!table && difference.actual() == null && missingTables.contains(tableOf(difference.name()))) {
                continue; // part of a missing table, reported once as MISSING_TABLE
            }
            if (difference.kind().equals("column") && difference.expected() != null && difference.actual() != null) {
                drift.addAll(columnChanges(difference));
            } else {
                drift.add(new Drift(kind(difference), difference.name(), difference.expected(), difference.actual()));
            }
        }
        return List.copyOf(drift);
    }

    private static String tableOf(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static Kind kind(SchemaSnapshot.Difference difference) {
        String object = difference.kind().toUpperCase(java.util.Locale.ROOT);
        String kind = difference.actual() == null ? "MISSING_" + object
                : difference.expected() == null ? "EXTRA_" + object : object + "_CHANGED";
        return Kind.valueOf(kind);
    }

    /** One drift per facet of the column that changed; COLUMN_CHANGED when an entry cannot be read. */
    private static List<Drift> columnChanges(SchemaSnapshot.Difference difference) {
        Matcher expected = COLUMN.matcher(difference.expected());
        Matcher actual = COLUMN.matcher(difference.actual());
        if (!expected.matches() || !actual.matches()) {
            return List.of(new Drift(Kind.COLUMN_CHANGED, difference.name(), difference.expected(), difference.actual()));
        }
        List<Drift> drift = new ArrayList<>();
        String name = difference.name();
        facet(drift, Kind.TYPE_CHANGED, name, expected.group(1), actual.group(1));
        facet(drift, Kind.NULLABILITY_CHANGED, name, expected.group(2), actual.group(2));
        facet(drift, Kind.DEFAULT_CHANGED, name, defaultOf(expected.group(3)), defaultOf(actual.group(3)));
        facet(drift, Kind.IDENTITY_CHANGED, name, trim(expected.group(4)), trim(actual.group(4)));
        if (drift.isEmpty()) {
            drift.add(new Drift(Kind.COLUMN_CHANGED, name, difference.expected(), difference.actual()));
        }
        return drift;
    }

    private static void facet(List<Drift> drift, Kind kind, String name, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            drift.add(new Drift(kind, name, expected, actual));
        }
    }

    /** {@code default now()} is {@code now()}; a generation expression keeps its words. */
    private static String defaultOf(String clause) {
        return clause == null ? null : clause.startsWith("default ") ? clause.substring("default ".length()) : clause;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
