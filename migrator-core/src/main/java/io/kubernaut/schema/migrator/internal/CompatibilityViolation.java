package io.kubernaut.schema.migrator.internal;

import java.util.Objects;

/**
 * One way a family's new version breaks code built against the other version, found by
 * {@link Compatibility#check}.
 *
 * @param kind     what is broken
 * @param table    the table
 * @param column   the column, or null when the violation concerns the whole table
 * @param previous the definition in the previous version's snapshot, or null when it has none
 * @param next     the definition in the new version's snapshot, or null when it has none
 */
public record CompatibilityViolation(Kind kind, String table, String column, String previous, String next) {

    public CompatibilityViolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(table, "table");
    }

    /** The kinds of violation, each with the mode whose promise it breaks. */
    public enum Kind {
        /** BACKWARD: a table of the previous version is gone (dropped or renamed). */
        TABLE_REMOVED(Compatibility.Mode.BACKWARD),
        /** BACKWARD: a column of the previous version is gone (dropped or renamed). */
        COLUMN_REMOVED(Compatibility.Mode.BACKWARD),
        /** BACKWARD: a column's type holds fewer values than before (varchar(255) to varchar(100), bigint to integer). */
        TYPE_NARROWED(Compatibility.Mode.BACKWARD),
        /** BACKWARD and FORWARD: a column's type changed to one that is neither a widening nor a narrowing. */
        TYPE_CHANGED(Compatibility.Mode.FULL),
        /** BACKWARD: a new column is NOT NULL without a default, so inserts that do not know it fail. */
        REQUIRED_COLUMN_ADDED(Compatibility.Mode.BACKWARD),
        /** BACKWARD: a column that inserts could omit (nullable or with a default) must now be given. */
        COLUMN_MADE_REQUIRED(Compatibility.Mode.BACKWARD),
        /** FORWARD: a table the previous version lacks. */
        TABLE_ADDED(Compatibility.Mode.FORWARD),
        /** FORWARD: a column the previous version lacks. */
        COLUMN_ADDED(Compatibility.Mode.FORWARD),
        /** FORWARD: a column's type holds more values than the previous version's. */
        TYPE_WIDENED(Compatibility.Mode.FORWARD),
        /** FORWARD: a column the previous version requires (NOT NULL without a default) is gone. */
        REQUIRED_COLUMN_REMOVED(Compatibility.Mode.FORWARD),
        /** FORWARD: a column the previous version requires may now be omitted. */
        COLUMN_MADE_OPTIONAL(Compatibility.Mode.FORWARD);

        private final Compatibility.Mode mode;

        Kind(Compatibility.Mode mode) {
            this.mode = mode;
        }

        /** BACKWARD, FORWARD, or FULL when the kind breaks both. */
        public Compatibility.Mode mode() {
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
        };
    }

    @Override
    public String toString() {
        return kind + ": " + describe();
    }
}
