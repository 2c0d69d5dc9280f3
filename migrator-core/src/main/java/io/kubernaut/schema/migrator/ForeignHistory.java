package io.kubernaut.schema.migrator;

import java.util.Locale;

/**
 * Another tool's history that {@link Migrator#adopt(ForeignHistory)} imports. The other tool's table
 * is only read, never changed.
 *
 * @since 0.1.0
 */
public enum ForeignHistory {
    /**
     * goose's {@code goose_db_version}: for each {@code version_id} the latest row decides, applied
     * when its {@code is_applied} is true (a later false row is a rollback).
     */
    GOOSE("goose_db_version"),
    /**
     * Flyway's {@code flyway_schema_history}: its successful versioned rows ({@code success} true),
     * a {@code BASELINE} row standing for every version up to its own.
     */
    FLYWAY("flyway_schema_history");

    private final String table;

    ForeignHistory(String table) {
        this.table = table;
    }

    /** The other tool's history table, looked up in the target schema. */
    public String table() {
        return table;
    }

    /** The name used on the command line ({@code goose}, {@code flyway}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
