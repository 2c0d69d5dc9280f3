package io.kubernaut.schema.spring;

/**
 * What the starter does after applying the families: compare their tables with the schema snapshots
 * shipped in their jars ({@code Migrator.verify()}), and what a difference means.
 *
 * @since 0.1.0
 */
public enum VerifyOnStart {
    /** No comparison at start-up; the actuator endpoint still reports the drift state when asked. */
    NONE,
    /** Compare; log every difference as a warning and start anyway. */
    WARN,
    /** Compare; a difference fails the start-up, and later makes the health contributor report DOWN. */
    FAIL
}
