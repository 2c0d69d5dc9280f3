package io.kubernaut.schema.migrator;

import java.util.Objects;

/**
 * One difference between a family's schema snapshot (what its artifact's migrations produce) and the
 * live database, in any object the family owns: a table and what it holds (columns, constraints,
 * indexes, triggers, row-level security, policies), the invariants of its partitions, a view, a
 * function, a sequence, a type, an extension, or the privileges it grants.
 *
 * <p>{@code expected} and {@code actual} are PostgreSQL's own deparsed definitions, with the target
 * schema's name left out: for a changed column facet, just that facet ({@code character varying(50)}
 * and {@code text} for {@link Kind#TYPE_CHANGED}); otherwise the whole definition. {@link #describe()}
 * is the one place a difference is put in words (verify, the build's second run and the upgrade path
 * all use it).
 *
 * @param kind     what differs
 * @param name     the object: a table ({@code audit_events}), {@code table.object}
 *                 ({@code audit_events.legal_hold}), {@code partition.trigger} or {@code partition.index}
 *                 for a partition invariant, a function's signature ({@code create_audit_events_partitions(date,date)}),
 *                 or {@code object to role} for privileges
 * @param expected what the snapshot says; null for an extra object, or a column without default
 * @param actual   what the database has; null for a missing object, or a column without default
 * @since 0.1.0
 */
public record Drift(Kind kind, String name, String expected, String actual) {

    public Drift {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The table the object belongs to (the object itself for table differences, the partition for a
     * partition invariant, the name for objects that belong to no table).
     */
    public String table() {
        int dot = name.indexOf('.');
        int parenthesis = name.indexOf('(');
        int space = name.indexOf(' ');
        if (dot < 0 || parenthesis >= 0 && parenthesis < dot || space >= 0 && space < dot) {
            return name;
        }
        return name.substring(0, dot);
    }

    /**
     * One line for humans, e.g. {@code missing column audit_events.legal_hold (expected: boolean null
     * default false)}, {@code type of column events.kind changed: expected character varying(50),
     * found text} or {@code trigger audit_events_legal_hold is disabled on partition audit_events_2026_12
     * of audit_events}.
     */
    public String describe() {
        String object = kind.object();
        return switch (kind) {
            case MISSING_TABLE, MISSING_COLUMN, MISSING_CONSTRAINT, MISSING_INDEX, MISSING_TRIGGER, MISSING_FUNCTION,
                    MISSING_VIEW, MISSING_SEQUENCE, MISSING_TYPE, MISSING_EXTENSION, MISSING_POLICY ->
                    "missing " + object + " " + name + " (expected: " + expected + ")";
            case EXTRA_TABLE, EXTRA_COLUMN, EXTRA_CONSTRAINT, EXTRA_INDEX, EXTRA_TRIGGER, EXTRA_FUNCTION, EXTRA_POLICY,
                    EXTRA_VIEW, EXTRA_SEQUENCE, EXTRA_TYPE, EXTRA_EXTENSION ->
                    "extra " + object + " " + name + " (found: " + actual + ")";
            case TYPE_CHANGED -> "type of column " + name + " changed: expected " + expected + ", found " + actual;
            case NULLABILITY_CHANGED -> "nullability of column " + name + " changed: expected " + expected + ", found " + actual;
            case DEFAULT_CHANGED -> "default of column " + name + " changed: expected " + orNone(expected) + ", found "
                    + orNone(actual);
            case IDENTITY_CHANGED -> "identity of column " + name + " changed: expected " + orNone(expected) + ", found "
                    + orNone(actual);
            case FUNCTION_CHANGED -> name.contains("(") || !name.contains(".")
                    ? "function " + name + " changed: expected " + expected + ", found " + actual
                    : "function executed by trigger " + name + " changed: expected " + expected + ", found " + actual;
            case ENUM_LABELS_CHANGED -> "labels of enum " + name + " changed: expected " + expected + ", found " + actual;
            case RLS_CHANGED -> "row-level security of table " + name + " changed: expected " + orNone(expected, "disabled")
                    + ", found " + orNone(actual, "disabled");
            case PARTITIONS_MISSING -> "no partition of " + name + " is attached: inserts into it fail (expected: "
                    + expected + ")";
            case PARTITION_TRIGGER_MISSING, PARTITION_TRIGGER_DISABLED, PARTITION_TRIGGER_CHANGED, PARTITION_INDEX_MISSING,
                    PARTITION_INDEX_INVALID -> partitionInvariant();
            case PARTITION_DETACHED -> "table " + name + " has the name and columns of a partition of "
                    + actual.substring(0, actual.indexOf(':')) + " but is not attached: its rows are not in "
                    + actual.substring(0, actual.indexOf(':'));
            case MISSING_PRIVILEGE -> "role " + grantee() + " lacks " + expected + " on " + grantObject();
            case EXTRA_PRIVILEGE -> "role " + grantee() + " has " + actual + " on " + grantObject()
                    + ", which the family does not grant";
            default -> state() != null ? object + " " + name + " is " + state() + ": " + expected
                    : "changed " + object + " " + name + ": expected " + expected + ", found " + actual;
        };
    }

    /** {@code trigger audit_events_legal_hold is disabled on partition audit_events_2026_12 of audit_events}. */
    private String partitionInvariant() {
        int dot = name.indexOf('.');
        String partition = name.substring(0, dot);
        String object = name.substring(dot + 1);
        String parent = actual == null ? "?" : actual.substring(0, actual.indexOf(':'));
        String what = switch (kind) {
            case PARTITION_TRIGGER_MISSING -> "trigger " + object + " of " + parent + " is missing on partition " + partition;
            case PARTITION_TRIGGER_DISABLED -> "trigger " + object + " is disabled on partition " + partition + " of " + parent;
            case PARTITION_INDEX_MISSING -> "index " + object + " of " + parent + " is missing on partition " + partition;
            case PARTITION_INDEX_INVALID -> "index " + object + " of " + parent + " is invalid on partition " + partition;
            default -> "trigger " + object + " of " + parent + " is " + actual.substring(actual.indexOf(": trigger ") + 10)
                    + " on partition " + partition + ", not as on " + parent;
        };
        return what;
    }

    private String grantee() {
        return name.substring(name.lastIndexOf(" to ") + 4);
    }

    private String grantObject() {
        return name.substring(0, name.lastIndexOf(" to "));
    }

    /** For a trigger or index whose definition is unchanged but whose state is not ("disabled", "invalid"). */
    private String state() {
        if (expected == null || actual == null || !actual.startsWith(expected + " [") || !actual.endsWith("]")) {
            return null;
        }
        return actual.substring(expected.length() + 2, actual.length() - 1);
    }

    private static String orNone(String value) {
        return orNone(value, "none");
    }

    private static String orNone(String value, String none) {
        return value == null ? none : value;
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
        MISSING_TABLE("table"),
        /** A table the snapshot does not know. */
        EXTRA_TABLE("table"),
        /** A table's partitioning changed (partitioned by another key, or not at all). */
        TABLE_CHANGED("table"),
        /** A column was dropped. */
        MISSING_COLUMN("column"),
        /** A column was added. */
        EXTRA_COLUMN("column"),
        /** A column's type changed (including length, precision, array-ness). */
        TYPE_CHANGED("column"),
        /** A column became nullable or NOT NULL. */
        NULLABILITY_CHANGED("column"),
        /** A column's default (or generation expression) changed, appeared or disappeared. */
        DEFAULT_CHANGED("column"),
        /** A column's identity ({@code GENERATED ... AS IDENTITY}) changed. */
        IDENTITY_CHANGED("column"),
        /** A column changed in a way none of the facets above describe. */
        COLUMN_CHANGED("column"),
        /** A constraint (primary key, unique, check, foreign key, exclusion) was dropped. */
        MISSING_CONSTRAINT("constraint"),
        /** A constraint was added. */
        EXTRA_CONSTRAINT("constraint"),
        /** A constraint's definition changed (or it became NOT VALID). */
        CONSTRAINT_CHANGED("constraint"),
        /** An index was dropped. */
        MISSING_INDEX("index"),
        /** An index was added. */
        EXTRA_INDEX("index"),
        /** An index's definition changed, or it is invalid (a failed concurrent build). */
        INDEX_CHANGED("index"),
        /** A trigger was dropped. */
        MISSING_TRIGGER("trigger"),
        /** A trigger was added. */
        EXTRA_TRIGGER("trigger"),
        /** A trigger's definition changed, or it was disabled. */
        TRIGGER_CHANGED("trigger"),
        /** Row-level security was enabled, disabled, forced or no longer forced on a table. */
        RLS_CHANGED("row-level security"),
        /** A row-level security policy was dropped. */
        MISSING_POLICY("policy"),
        /** A policy was added to a table of the family. */
        EXTRA_POLICY("policy"),
        /** A policy's command, roles, USING or WITH CHECK changed. */
        POLICY_CHANGED("policy"),
        /** A partitioned table has no partition attached (every partition dropped or detached): inserts fail. */
        PARTITIONS_MISSING("partition"),
        /**
         * A partition was detached: a table of the schema named {@code <partitioned table>_...} with exactly
         * its columns is not attached to it ({@code ALTER TABLE ... DETACH PARTITION}).
         */
        PARTITION_DETACHED("partition"),
        /** A partition lacks a trigger of its partitioned table. */
        PARTITION_TRIGGER_MISSING("partition"),
        /** A trigger of the partitioned table is disabled on one partition ({@code ALTER TABLE p DISABLE TRIGGER t}). */
        PARTITION_TRIGGER_DISABLED("partition"),
        /** A trigger of the partitioned table fires otherwise on one partition (ENABLE REPLICA or ALWAYS). */
        PARTITION_TRIGGER_CHANGED("partition"),
        /** A partition lacks an index of its partitioned table. */
        PARTITION_INDEX_MISSING("partition"),
        /** A partition's index of its partitioned table is invalid. */
        PARTITION_INDEX_INVALID("partition"),
        /** A view or materialized view was dropped. */
        MISSING_VIEW("view"),
        /**
         * A view the snapshot does not know. Only where the live schema is compared with an earlier version
         * of the family (adoption): verify compares the views the snapshot names.
         */
        EXTRA_VIEW("view"),
        /** A view's definition (as PostgreSQL prints it) changed, or a view became materialized or not. */
        VIEW_CHANGED("view"),
        /**
         * A function or procedure was dropped. From a format 1 snapshot: the function a trigger executes
         * (the name is then the trigger's).
         */
        MISSING_FUNCTION("function"),
        /** An overload the family does not create was added to one of its functions' names. */
        EXTRA_FUNCTION("function"),
        /**
         * A function or procedure changed: its body (compared by MD5), result, language, volatility,
         * strictness, SECURITY DEFINER, SET options (search_path), or its arguments (then the name is
         * the function's name, without arguments).
         */
        FUNCTION_CHANGED("function"),
        /** A sequence was dropped. */
        MISSING_SEQUENCE("sequence"),
        /** A sequence the snapshot does not know (see {@link #EXTRA_VIEW}). */
        EXTRA_SEQUENCE("sequence"),
        /** A sequence's type, increment, cycling or owning column changed. */
        SEQUENCE_CHANGED("sequence"),
        /** An enum, composite type or domain was dropped. */
        MISSING_TYPE("type"),
        /** A type the snapshot does not know (see {@link #EXTRA_VIEW}). */
        EXTRA_TYPE("type"),
        /** An enum's labels changed (added, removed, renamed or reordered). */
        ENUM_LABELS_CHANGED("type"),
        /** A composite type's attributes, or a domain's base type, default or constraints, changed. */
        TYPE_DEFINITION_CHANGED("type"),
        /** An extension the family creates is not installed. */
        MISSING_EXTENSION("extension"),
        /** An extension the snapshot does not know (see {@link #EXTRA_VIEW}). */
        EXTRA_EXTENSION("extension"),
        /** A role the family grants to lacks privileges the family grants it on one of its objects. */
        MISSING_PRIVILEGE("privilege"),
        /** A role the family grants to has privileges on one of its objects that the family does not grant. */
        EXTRA_PRIVILEGE("privilege");

        private final String object;

        Kind(String object) {
            this.object = object;
        }

        /**
         * The kind of object: {@code table}, {@code column}, {@code constraint}, {@code index},
         * {@code trigger}, {@code row-level security}, {@code policy}, {@code partition}, {@code view},
         * {@code function}, {@code sequence}, {@code type}, {@code extension} or {@code privilege}.
         */
        public String object() {
            return object;
        }
    }
}
