package io.kubernaut.schema.migrator;

import java.util.Locale;
import java.util.Objects;

/**
 * One difference between a family's schema snapshot (what its artifact's migrations produce) and the
 * live database: a missing or extra table, column, constraint, index or trigger, a changed one, or a
 * trigger whose function was replaced.
 *
 * <p>{@code expected} and {@code actual} are PostgreSQL's own deparsed definitions, with the target
 * schema's name left out: for a changed column facet, just that facet ({@code character varying(50)}
 * and {@code text} for {@link Kind#TYPE_CHANGED}); otherwise the whole definition.
 *
 * @param kind     what differs
 * @param name     the object: a table ({@code audit_events}) or {@code table.object}
 *                 ({@code audit_events.legal_hold}, {@code audit_events.idx_audit_events_outcome})
 * @param expected what the snapshot says; null for an extra object, or a column without default
 * @param actual   what the database has; null for a missing object, or a column without default
 * @since 0.1.0
 */
public record Drift(Kind kind, String name, String expected, String actual) {

    public Drift {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** The table the object belongs to (the object itself for table differences). */
    public String table() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * One line for humans, e.g. {@code missing column audit_events.legal_hold (expected: boolean null
     * default false)}, {@code type of column events.kind changed: expected character varying(50),
     * found text} or {@code trigger audit_events.audit_events_legal_hold is disabled: CREATE TRIGGER ...}.
     */
    public String describe() {
        String object = kind.object();
        return switch (kind) {
            case MISSING_TABLE, MISSING_COLUMN, MISSING_CONSTRAINT, MISSING_INDEX, MISSING_TRIGGER, MISSING_FUNCTION ->
                    "missing " + object + " " + name + " (expected: " + expected + ")";
            case EXTRA_TABLE, EXTRA_COLUMN, EXTRA_CONSTRAINT, EXTRA_INDEX, EXTRA_TRIGGER, EXTRA_FUNCTION ->
                    "extra " + object + " " + name + " (found: " + actual + ")";
            case TYPE_CHANGED -> "type of column " + name + " changed: expected " + expected + ", found " + actual;
            case NULLABILITY_CHANGED -> "nullability of column " + name + " changed: expected " + expected + ", found " + actual;
            case DEFAULT_CHANGED -> "default of column " + name + " changed: expected " + orNone(expected) + ", found "
                    + orNone(actual);
            case IDENTITY_CHANGED -> "identity of column " + name + " changed: expected " + orNone(expected) + ", found "
                    + orNone(actual);
            case FUNCTION_CHANGED -> "function executed by trigger " + name + " changed: expected " + expected + ", found "
                    + actual;
            default -> state() != null ? object + " " + name + " is " + state() + ": " + expected
                    : "changed " + object + " " + name + ": expected " + expected + ", found " + actual;
        };
    }

    /** For a trigger or index whose definition is unchanged but whose state is not ("disabled", "invalid"). */
    private String state() {
        if (expected == null || actual == null || !actual.startsWith(expected + " [") || !actual.endsWith("]")) {
            return null;
        }
        return actual.substring(expected.length() + 2, actual.length() - 1);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * The kinds of difference.
     *
     * @since 0.1.0
     */
    public enum Kind {
        /** A table of the family does not exist (its columns, indexes, ... are not listed separately). */
        MISSING_TABLE,
        /** A table the snapshot does not know. */
        EXTRA_TABLE,
        /** A table's partitioning changed (partitioned by another key, or not at all). */
        TABLE_CHANGED,
        /** A column was dropped. */
        MISSING_COLUMN,
        /** A column was added. */
        EXTRA_COLUMN,
        /** A column's type changed (including length, precision, array-ness). */
        TYPE_CHANGED,
        /** A column became nullable or NOT NULL. */
        NULLABILITY_CHANGED,
        /** A column's default (or generation expression) changed, appeared or disappeared. */
        DEFAULT_CHANGED,
        /** A column's identity ({@code GENERATED ... AS IDENTITY}) changed. */
        IDENTITY_CHANGED,
        /** A column changed in a way none of the facets above describe. */
        COLUMN_CHANGED,
        /** A constraint (primary key, unique, check, foreign key, exclusion) was dropped. */
        MISSING_CONSTRAINT,
        /** A constraint was added. */
        EXTRA_CONSTRAINT,
        /** A constraint's definition changed (or it became NOT VALID). */
        CONSTRAINT_CHANGED,
        /** An index was dropped. */
        MISSING_INDEX,
        /** An index was added. */
        EXTRA_INDEX,
        /** An index's definition changed, or it is invalid (a failed concurrent build). */
        INDEX_CHANGED,
        /** A trigger was dropped. */
        MISSING_TRIGGER,
        /** A trigger was added. */
        EXTRA_TRIGGER,
        /** A trigger's definition changed, or it was disabled. */
        TRIGGER_CHANGED,
        /**
         * The function a trigger executes is not in the database (reported only when the trigger itself is
         * there, e.g. read from a snapshot written before functions were recorded).
         */
        MISSING_FUNCTION,
        /** A trigger executes a function the snapshot does not record (see {@link #MISSING_FUNCTION}). */
        EXTRA_FUNCTION,
        /**
         * The function a trigger executes changed: its body (compared by MD5), language, signature or
         * SECURITY DEFINER. The name is the trigger's ({@code audit_events.audit_events_immutable}).
         */
        FUNCTION_CHANGED;

        /**
         * The kind of object: {@code table}, {@code column}, {@code constraint}, {@code index},
         * {@code trigger} or {@code function}.
         */
        public String object() {
            String name = name();
            String object = name.startsWith("MISSING_") || name.startsWith("EXTRA_")
                    ? name.substring(name.indexOf('_') + 1) : name.substring(0, name.indexOf('_'));
            return switch (object) {
                case "TYPE", "NULLABILITY", "DEFAULT", "IDENTITY" -> "column";
                default -> object.toLowerCase(Locale.ROOT);
            };
        }
    }
}
