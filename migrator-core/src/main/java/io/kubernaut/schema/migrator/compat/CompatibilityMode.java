package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.ConfigurationException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a new version of a family promises about the previous one: the compatibility rules checked
 * by {@link CompatibilityCheck} between the two versions' schema snapshots.
 * They concern what generated jOOQ code sees and does: tables, columns, column types, and whether an
 * insert may leave a column out.
 *
 * <p>A column <em>may be omitted</em> by an insert when it is nullable, has a default, is an identity
 * or is generated; otherwise it is <em>required</em>. A type is widened when every value of the old type fits the new one
 * (e.g. {@code integer} to {@code bigint}, {@code varchar(50)} to {@code varchar(100)} or {@code text}).
 *
 * <p><b>BACKWARD</b> (the default): code built against the previous version's classes still works on a
 * database at the new version. Violations: a table or column of the previous version is gone
 * ({@code TABLE_REMOVED}, {@code COLUMN_REMOVED}; a rename is a removal); a column's type is narrowed
 * ({@code TYPE_NARROWED}) or changed to an unrelated type ({@code TYPE_CHANGED}); a new column of an
 * existing table is required ({@code REQUIRED_COLUMN_ADDED}); a column that could be omitted is now
 * required ({@code COLUMN_MADE_REQUIRED}: made NOT NULL without a default, or its default dropped while
 * NOT NULL); a column code could set is now GENERATED ALWAYS, computed or an identity
 * ({@code COLUMN_MADE_GENERATED}). Allowed: new tables, new optional columns, known widenings, new or dropped
 * indexes, constraints and triggers.
 *
 * <p><b>FORWARD</b>: code built against the new version's classes still works on a database at the
 * previous version (a rollback of the schema, or a service deployed before the database is migrated).
 * These are the BACKWARD rules with the versions swapped: the new version may not add tables or columns
 * ({@code TABLE_ADDED}, {@code COLUMN_ADDED}), widen a type beyond what the previous one holds
 * ({@code TYPE_WIDENED}) or change it ({@code TYPE_CHANGED}), drop a column the previous version
 * requires ({@code REQUIRED_COLUMN_REMOVED}), or let inserts omit a column the previous version
 * requires ({@code COLUMN_MADE_OPTIONAL}), or let code set a column the previous version generates
 * ({@code COLUMN_NO_LONGER_GENERATED}). Allowed: removing optional columns and tables, narrowing.
 *
 * <p>Beyond tables, from snapshots of format 2, code also depends on the family's enums, views and
 * functions. BACKWARD: an enum label removed or renamed ({@code ENUM_LABEL_REMOVED}), a type removed
 * ({@code TYPE_REMOVED}), a view removed ({@code VIEW_REMOVED}) or one of its columns removed
 * ({@code VIEW_COLUMN_REMOVED}) or retyped ({@code VIEW_COLUMN_RETYPED}), a function's arguments or
 * result changed ({@code FUNCTION_SIGNATURE_CHANGED}) or the function removed ({@code FUNCTION_REMOVED}).
 * FORWARD: an enum label added ({@code ENUM_LABEL_ADDED}), a view column retyped, a function signature
 * changed. A function's body, a view's query and a new view or function break neither.
 *
 * <p><b>FULL</b>: both. <b>NONE</b>: no rule is checked.
 *
 * <p>Indexes, constraints (CHECK, UNIQUE, foreign keys) and triggers are not checked: they can reject
 * rows the other version's code writes, but whether they do depends on the data, not on the classes.
 *
 * @since 0.1.0
 */
public enum CompatibilityMode {
    /** Code built against the previous version works on the new schema. The default. */
    BACKWARD,
    /** Code built against the new version works on the previous schema. */
    FORWARD,
    /** Both BACKWARD and FORWARD. */
    FULL,
    /** Nothing is checked. */
    NONE;

    /**
     * The mode called {@code name}, in any case.
     *
     * @throws ConfigurationException listing the modes when there is none of that name
     */
    public static CompatibilityMode parse(String name) {
        for (CompatibilityMode mode : values()) {
            if (mode.name().equalsIgnoreCase(Objects.requireNonNull(name, "name").strip())) {
                return mode;
            }
        }
        throw new ConfigurationException("Unknown compatibility mode '" + name + "': use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    boolean checksBackward() {
        return this == BACKWARD || this == FULL;
    }

    boolean checksForward() {
        return this == FORWARD || this == FULL;
    }
}
