package io.kubernaut.schema.migrator.compat;

import java.util.Objects;

/**
 * One way a family's new version breaks code built against the other version, found by
 * {@link CompatibilityCheck} under a {@link CompatibilityMode}. Immutable.
 *
 * @param kind     what is broken
 * @param table    the table, or the view, type or function (its name without arguments) the violation concerns
 * @param column   the column (of a table or a view) or enum label, or null when the violation concerns the whole object
 * @param previous the definition in the previous version's snapshot, or null when it has none
 * @param next     the definition in the new version's snapshot, or null when it has none
 * @since 0.1.0
 */
public record CompatibilityViolation(Kind kind, String table, String column, String previous, String next) {

    public CompatibilityViolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
    }

    /** The kinds of violation, each with the mode whose promise it breaks. */
    public enum Kind {
        /** BACKWARD: a table of the previous version is gone (dropped or renamed). */
        TABLE_REMOVED(CompatibilityMode.BACKWARD),
        /** BACKWARD: a column of the previous version is gone (dropped or renamed). */
        COLUMN_REMOVED(CompatibilityMode.BACKWARD),
        /** BACKWARD: a column's type holds fewer values than before (varchar(255) to varchar(100), bigint to integer). */
        TYPE_NARROWED(CompatibilityMode.BACKWARD),
        /** BACKWARD and FORWARD: a column's type changed to one that is neither a widening nor a narrowing. */
        TYPE_CHANGED(CompatibilityMode.FULL),
        /** BACKWARD: a new column is NOT NULL without a default, so inserts that do not know it fail. */
        REQUIRED_COLUMN_ADDED(CompatibilityMode.BACKWARD),
        /** BACKWARD: a column that inserts could omit (nullable or with a default) must now be given. */
        COLUMN_MADE_REQUIRED(CompatibilityMode.BACKWARD),
        /**
         * BACKWARD: a column inserts and updates could set is now GENERATED ALWAYS (a computed column or
         * an identity ALWAYS), so the database refuses the values code built against the previous version writes.
         */
        COLUMN_MADE_GENERATED(CompatibilityMode.BACKWARD),
        /** FORWARD: a table the previous version lacks. */
        TABLE_ADDED(CompatibilityMode.FORWARD),
        /** FORWARD: a column the previous version lacks. */
        COLUMN_ADDED(CompatibilityMode.FORWARD),
        /** FORWARD: a column's type holds more values than the previous version's. */
        TYPE_WIDENED(CompatibilityMode.FORWARD),
        /** FORWARD: a column the previous version requires (NOT NULL without a default) is gone. */
        REQUIRED_COLUMN_REMOVED(CompatibilityMode.FORWARD),
        /** FORWARD: a column the previous version requires may now be omitted. */
        COLUMN_MADE_OPTIONAL(CompatibilityMode.FORWARD),
        /**
         * FORWARD: a column the previous version generates (GENERATED ALWAYS) is now writable, so a database at
         * the previous version refuses the values code built against the new version writes.
         */
        COLUMN_NO_LONGER_GENERATED(CompatibilityMode.FORWARD),
        /** BACKWARD: a label of an enum is gone (dropped or renamed), so values code built against the previous version writes fail. */
        ENUM_LABEL_REMOVED(CompatibilityMode.BACKWARD),
        /** FORWARD: an enum has a label the previous version lacks, so a database at the previous version refuses it. */
        ENUM_LABEL_ADDED(CompatibilityMode.FORWARD),
        /** BACKWARD: an enum, composite type or domain of the previous version is gone. */
        TYPE_REMOVED(CompatibilityMode.BACKWARD),
        /** BACKWARD: a view of the previous version is gone. */
        VIEW_REMOVED(CompatibilityMode.BACKWARD),
        /** BACKWARD: a column of a view is gone (dropped or renamed), so queries of the previous version's code fail. */
        VIEW_COLUMN_REMOVED(CompatibilityMode.BACKWARD),
        /** BACKWARD and FORWARD: a column of a view has another type. */
        VIEW_COLUMN_RETYPED(CompatibilityMode.FULL),
        /**
         * BACKWARD and FORWARD: a function's arguments or result changed, so calls made by code built against
         * the other version fail or read another type.
         */
        FUNCTION_SIGNATURE_CHANGED(CompatibilityMode.FULL),
        /** BACKWARD: a function or procedure of the previous version is gone. */
        FUNCTION_REMOVED(CompatibilityMode.BACKWARD);

        private final CompatibilityMode mode;

        Kind(CompatibilityMode mode) {
            this.mode = mode;
        }

        /** BACKWARD, FORWARD, or FULL when the kind breaks both. */
        public CompatibilityMode mode() {
            return mode;
        }
    }

    /** {@code orders.note}, or {@code orders} for a table. */
    public String name() {
        return column == null ? table : table + "." + column;
    }

    /** One line saying what changed and why it breaks code; {@link #toString()} puts the kind first. */
    public String describe() {
        String what = (column == null ? "table " : "column ") + name();
        return switch (kind) {
            case ENUM_LABEL_REMOVED -> "label '" + column + "' of enum " + table + " was removed or renamed (was " + previous
                    + ", now " + next + "): code built against the previous version still writes it";
            case ENUM_LABEL_ADDED -> "label '" + column + "' of enum " + table + " is new (was " + previous + ", now " + next
                    + "): a database at the previous version refuses it when code built against the new version writes it";
            case TYPE_REMOVED -> "type " + table + " (" + previous + ") was removed or renamed: code built against the"
                    + " previous version still uses it";
            case VIEW_REMOVED -> "view " + table + " was removed or renamed: code built against the previous version still"
                    + " queries it";
            case VIEW_COLUMN_REMOVED -> "column " + column + " of view " + table + " (" + previous + ") was removed or renamed:"
                    + " code built against the previous version still reads it";
            case VIEW_COLUMN_RETYPED -> "column " + column + " of view " + table + " changed type from " + previous + " to "
                    + next + ": code built against the other version reads another type";
            case FUNCTION_SIGNATURE_CHANGED -> "function " + table + " changed signature from " + previous + " to " + next
                    + ": calls made by code built against the other version fail or read another type";
            case FUNCTION_REMOVED -> "function " + previous + " was removed: code built against the previous version still"
                    + " calls it";
            case TABLE_REMOVED -> what + " was removed or renamed: code built against the previous version still uses it";
            case COLUMN_REMOVED -> what + " (" + previous + ") was removed or renamed: code built against the previous"
                    + " version still reads and writes it";
            case TYPE_NARROWED -> what + " was narrowed from " + previous + " to " + next
                    + ": values the previous version accepts may not fit";
            case TYPE_CHANGED -> what + " changed type from " + previous + " to " + next
                    + ", which is neither a known widening nor a narrowing";
            case REQUIRED_COLUMN_ADDED -> what + " (" + next + ") is new and NOT NULL without a default: inserts by code"
                    + " built against the previous version fail";
            case COLUMN_MADE_REQUIRED -> what + " must now be given (was " + previous + ", now " + next
                    + "): inserts by code built against the previous version that omit it fail";
            case COLUMN_MADE_GENERATED -> what + " is now generated by the database (was " + previous + ", now " + next
                    + "): inserts and updates by code built against the previous version that set it fail";
            case TABLE_ADDED -> what + " is new: code built against the new version fails on a database at the previous"
                    + " version, which lacks it";
            case COLUMN_ADDED -> what + " (" + next + ") is new: code built against the new version fails on a database"
                    + " at the previous version, which lacks it";
            case TYPE_WIDENED -> what + " was widened from " + previous + " to " + next + ": code built against the new"
                    + " version may write values a database at the previous version does not hold";
            case REQUIRED_COLUMN_REMOVED -> what + " (" + previous + ") was removed, but a database at the previous"
                    + " version requires it: inserts by code built against the new version fail there";
            case COLUMN_MADE_OPTIONAL -> what + " may now be omitted (was " + previous + ", now " + next
                    + "): inserts by code built against the new version that omit it fail on a database at the"
                    + " previous version";
            case COLUMN_NO_LONGER_GENERATED -> what + " is no longer generated by the database (was " + previous
                    + ", now " + next + "): inserts and updates by code built against the new version that set it fail"
                    + " on a database at the previous version";
        };
    }

    @Override
    public String toString() {
        return kind + ": " + describe();
    }
}
