package io.kubernaut.schema.migrator.internal;

import java.util.Locale;

/**
 * How a history row came to be, stored in its {@code kind} column. Only {@link #APPLIED} means the
 * migrator ran the script; the others record a version the database is known to be at without
 * running anything, so an audit of the history can tell the two apart.
 */
enum HistoryKind {
    /** The script ran (successfully or, for a non-transactional one, not). */
    APPLIED,
    /** The schema already matched this version's snapshot (a database made without this migrator). */
    ADOPTED,
    /** An operator declared the database to be at this version. */
    BASELINE,
    /** Taken from another tool's history (goose, Flyway) after the schema was checked. */
    IMPORTED,
    /** An operator accepted a changed script's checksum. */
    REPAIRED;

    /** The value stored in the {@code kind} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind stored as {@code value}; rows of history tables made before the column existed are applied. */
    public static HistoryKind fromColumn(String value) {
        return value == null ? APPLIED : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
