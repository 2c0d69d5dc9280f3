package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.Drift.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the entry-by-entry differences of two {@link SchemaSnapshot}s into {@link Drift}s a user can
 * act on: a changed column becomes one drift per facet that changed (type, nullability, default,
 * identity), a missing table is reported once instead of once per column, index and trigger, and a
 * missing or extra trigger once instead of with its function.
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    /** The drift of {@code actual} from {@code expected}; empty when they are equal. */
    public static List<Drift> compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        List<SchemaSnapshot.Difference> differences = expected.compare(actual);
        Set<String> missingTables = new TreeSet<>();
        differences.stream().filter(d -> d.kind().equals("table") && d.actual() == null)
                .forEach(d -> missingTables.add(d.name()));
        Set<String> missingOrExtraTriggers = new TreeSet<>();
        differences.stream().filter(d -> d.kind().equals("trigger") && (d.actual() == null || d.expected() == null))
                .forEach(d -> missingOrExtraTriggers.add(d.name()));
        List<Drift> drift = new ArrayList<>();
        for (SchemaSnapshot.Difference difference : differences) {
            boolean table = difference.kind().equals("table");
            if (!table && difference.actual() == null && missingTables.contains(tableOf(difference.name()))) {
                continue; // part of a missing table, reported once as MISSING_TABLE
            }
            if (difference.kind().equals("function") && (difference.actual() == null || difference.expected() == null)
                    && missingOrExtraTriggers.contains(difference.name())) {
                continue; // the function of a missing or extra trigger: reported once, with the trigger
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
        Optional<SchemaSnapshot.Column> expected = SchemaSnapshot.Column.parse(difference.expected());
        Optional<SchemaSnapshot.Column> actual = SchemaSnapshot.Column.parse(difference.actual());
        if (expected.isEmpty() || actual.isEmpty()) {
            return List.of(new Drift(Kind.COLUMN_CHANGED, difference.name(), difference.expected(), difference.actual()));
        }
        List<Drift> drift = new ArrayList<>();
        String name = difference.name();
        SchemaSnapshot.Column before = expected.get();
        SchemaSnapshot.Column after = actual.get();
        facet(drift, Kind.TYPE_CHANGED, name, before.type(), after.type());
        facet(drift, Kind.NULLABILITY_CHANGED, name, nullability(before), nullability(after));
        facet(drift, Kind.DEFAULT_CHANGED, name, before.defaultExpression(), after.defaultExpression());
        facet(drift, Kind.IDENTITY_CHANGED, name, before.identity(), after.identity());
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
    private static String nullability(SchemaSnapshot.Column column) {
        return column.nullable() ? "null" : "not null";
    }
}
