package io.kubernaut.schema.migrator;

/**
 * What to do when the database has migrations of a family newer than the artifact on the classpath
 * (a service built against an older family meets a database another service already upgraded).
 *
 * @since 0.1.0
 */
public enum AheadPolicy {
    /** Refuse with a {@link Conflict.DatabaseAhead} (the default). */
    REFUSE,
    /** Accept, with a warning: additive changes keep older code working. */
    ALLOW
}
