package io.kubernaut.schema.migrator;

/**
 * Where a family stands in a database compared with its artifact.
 *
 * @since 0.1.0
 */
public enum FamilyState {
    /** No migration of the family is applied. */
    NOT_INSTALLED,
    /** Some migrations are applied, newer ones are pending. */
    PENDING,
    /** Every migration of the artifact is applied. */
    UP_TO_DATE,
    /** The database has migrations the artifact does not know. */
    AHEAD,
    /**
     * A version is not applied although a later one is (a history row deleted, or a version inserted
     * below applied ones): apply and validate refuse unless out of order is allowed.
     */
    GAP,
    /** An applied migration's checksum differs from the artifact's. */
    CHECKSUM_MISMATCH,
    /** A non-transactional migration failed; the next run retries it. */
    FAILED
}
