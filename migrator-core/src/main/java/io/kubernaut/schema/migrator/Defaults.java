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

    /** The history table, one per target schema. */
    public static final String HISTORY_TABLE = "schema_registry_history";

    private Defaults() {
    }
}
