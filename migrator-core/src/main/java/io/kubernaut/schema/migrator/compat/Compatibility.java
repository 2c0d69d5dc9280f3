package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rules of each {@link CompatibilityMode} (see there), checked on two versions' {@link SchemaSnapshot}s.
 * Type relations are those of {@link ColumnTypes}.
 */
final class Compatibility {

    private Compatibility() {
    }

    /**
     * The violations of {@code mode} by {@code next} against {@code previous}, sorted by table, column
     * and kind; empty when compatible (always for NONE).
     */
    static List<CompatibilityViolation> check(SchemaSnapshot previous, SchemaSnapshot next, CompatibilityMode mode) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(next, "next");
        Set<CompatibilityViolation> violations = new LinkedHashSet<>();
        Shape before = Shape.of(previous);
        Shape after = Shape.of(next);
        if (Objects.requireNonNull(mode, "mode").checksBackward()) {
            backward(before, after, violations);
        }
        if (mode.checksForward()) {
            forward(before, after, violations);
        }
        ObjectCompatibility.check(previous, next, mode.checksBackward(), mode.checksForward(), violations);
        List<CompatibilityViolation> sorted = new ArrayList<>(violations);
        sorted.sort(Comparator.comparing(CompatibilityViolation::table)
                .thenComparing(v -> v.column() == null ? "" : v.column())
                .thenComparing(CompatibilityViolation::kind));
        return List.copyOf(sorted);
    }

    /** Code built against {@code before} on a database shaped like {@code after}. */
    private static void backward(Shape before, Shape after, Set<CompatibilityViolation> violations) {
        before.tables.forEach((table, definition) -> {
            if (!after.tables.containsKey(table)) {
                violations.add(new CompatibilityViolation(CompatibilityViolation.Kind.TABLE_REMOVED, table, null, definition, null));
                return;
            }
            Map<String, Column> old = before.columns(table);
            Map<String, Column> now = after.columns(table);
            old.forEach((name, column) -> {
                Column changed = now.get(name);
                if (changed == null) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_REMOVED, table, name, column, null));
                    return;
                }
                ColumnTypes.Relation relation = ColumnTypes.relation(column.type(), changed.type());
                if (relation == ColumnTypes.Relation.NARROWED) {
                    violations.add(typeViolation(CompatibilityViolation.Kind.TYPE_NARROWED, table, name, column, changed));
                } else if (relation == ColumnTypes.Relation.INCOMPATIBLE) {
                    violations.add(typeViolation(CompatibilityViolation.Kind.TYPE_CHANGED, table, name, column, changed));
                }
                if (column.omittable() && !changed.omittable()) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_MADE_REQUIRED, table, name, column, changed));
                }
                if (!column.generatedAlways() && changed.generatedAlways()) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_MADE_GENERATED, table, name, column, changed));
                }
            });
            now.forEach((name, column) -> {
                if (!old.containsKey(name) && !column.omittable()) {
                    violations.add(violation(CompatibilityViolation.Kind.REQUIRED_COLUMN_ADDED, table, name, null, column));
                }
            });
        });
    }

    /** Code built against {@code after} on a database shaped like {@code before}: the backward rules swapped. */
    private static void forward(Shape before, Shape after, Set<CompatibilityViolation> violations) {
        after.tables.forEach((table, definition) -> {
            if (!before.tables.containsKey(table)) {
                violations.add(new CompatibilityViolation(CompatibilityViolation.Kind.TABLE_ADDED, table, null, null, definition));
                return;
            }
            Map<String, Column> old = before.columns(table);
            Map<String, Column> now = after.columns(table);
            now.forEach((name, column) -> {
                Column previous = old.get(name);
                if (previous == null) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_ADDED, table, name, null, column));
                    return;
                }
                ColumnTypes.Relation relation = ColumnTypes.relation(previous.type(), column.type());
                if (relation == ColumnTypes.Relation.WIDENED) {
                    violations.add(typeViolation(CompatibilityViolation.Kind.TYPE_WIDENED, table, name, previous, column));
                } else if (relation == ColumnTypes.Relation.INCOMPATIBLE) {
                    violations.add(typeViolation(CompatibilityViolation.Kind.TYPE_CHANGED, table, name, previous, column));
                }
                if (column.omittable() && !previous.omittable()) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_MADE_OPTIONAL, table, name, previous, column));
                }
                if (previous.generatedAlways() && !column.generatedAlways()) {
                    violations.add(violation(CompatibilityViolation.Kind.COLUMN_NO_LONGER_GENERATED, table, name, previous,
                            column));
                }
            });
            old.forEach((name, column) -> {
                if (!now.containsKey(name) && !column.omittable()) {
                    violations.add(violation(CompatibilityViolation.Kind.REQUIRED_COLUMN_REMOVED, table, name, column, null));
                }
            });
        });
    }

    private static CompatibilityViolation violation(CompatibilityViolation.Kind kind, String table, String column,
            Column previous, Column next) {
        return new CompatibilityViolation(kind, table, column, previous == null ? null : previous.definition(),
                next == null ? null : next.definition());
    }

    /** Type violations carry the types alone, so the same change found by both modes is one violation. */
    private static CompatibilityViolation typeViolation(CompatibilityViolation.Kind kind, String table, String column,
            Column previous, Column next) {
        return new CompatibilityViolation(kind, table, column, previous.type(), next.type());
    }

    /**
     * A column of a snapshot, parsed from its definition ({@code "character varying(255) not null default
     * 'x'::character varying"}).
     *
     * @param definition the whole definition
     * @param type       the type, as {@code format_type} spells it
     * @param nullable   whether NULL is allowed
     * @param filled     whether PostgreSQL fills it when an insert leaves it out (default, identity, generated)
     * @param generatedAlways whether PostgreSQL refuses a value for it: a computed column ({@code generated always
     *                   as}) or an {@code identity always} (an insert needs OVERRIDING SYSTEM VALUE; an update
     *                   may only set DEFAULT)
     */
    record Column(String definition, String type, boolean nullable, boolean filled, boolean generatedAlways) {

        static Column parse(String definition) {
            SchemaSnapshot.Column column = SchemaSnapshot.Column.parse(definition).orElseThrow(
                    () -> new FamilyFormatException("Not a column definition of a schema snapshot: " + definition));
            boolean generatedAlways = column.value() != null && column.value().startsWith("generated always as ")
                    || "identity always".equals(column.identity());
            return new Column(definition, column.type(), column.nullable(), column.filledByDatabase(), generatedAlways);
        }

        /** Whether an insert may leave it out. */
        boolean omittable() {
            return nullable || filled;
        }
    }

    /** The tables and columns of a snapshot. */
    private record Shape(Map<String, String> tables, Map<String, Map<String, Column>> columnsByTable) {

        static Shape of(SchemaSnapshot snapshot) {
            Map<String, String> tables = new TreeMap<>();
            Map<String, Map<String, Column>> columns = new TreeMap<>();
            snapshot.entries().forEach((key, value) -> {
                String[] parts = key.split("\t", 2);
                if (parts[0].equals("table")) {
                    tables.put(parts[1], value);
                } else if (parts[0].equals("column")) {
                    // Table names of a family are plain identifiers (FamilyIndex checks them): the first dot ends it.
                    int dot = parts[1].indexOf('.');
                    columns.computeIfAbsent(parts[1].substring(0, dot), t -> new TreeMap<>())
                            .put(parts[1].substring(dot + 1), Column.parse(value));
                }
            });
            return new Shape(tables, columns);
        }

        Map<String, Column> columns(String table) {
            return columnsByTable.getOrDefault(table, Map.of());
        }
    }
}
