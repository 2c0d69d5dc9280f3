package io.kubernaut.schema.migrator;

/**
 * The defaults of {@link MigrationConfig}, as constants usable in annotations and option defaults.
 *
 * @since 0.1.0
 */
public final class Defaults {

    /** The target schema. */
    public static final String SCHEMA = "public";

    /** How long to wait for another migrator's lock, in seconds. */
    public static final int LOCK_WAIT_SECONDS = 60;

    /** {@link #LOCK_WAIT_SECONDS} as text, for annotation defaults. */
    public static final String LOCK_WAIT_SECONDS_TEXT = "60";

    /** How long a migration statement may wait for a table lock (PostgreSQL's lock_timeout), in seconds. */
    public static final int LOCK_TIMEOUT_SECONDS = 5;

    /** {@link #LOCK_TIMEOUT_SECONDS} as text, for annotation defaults. */
    public static final String LOCK_TIMEOUT_TEXT = "5s";

    /** How many times a migration that timed out on a table lock is run again. */
    public static final int LOCK_RETRIES = 3;

    /** {@link #LOCK_RETRIES} as text, for annotation defaults. */
    public static final String LOCK_RETRIES_TEXT = "3";

    /** The history table, one per target schema. */
    public static final String HISTORY_TABLE = "schema_registry_history";

    private Defaults() {
    }
}
