package io.kubernaut.schema.migrator;

/**
 * What {@link Migrator#verify()} could say about one family.
 *
 * <p>A family's snapshot describes its artifact's latest migration. Only a family whose history
 * says it is at exactly that version is compared: the differences of a family with pending
 * migrations are the migrations themselves, not drift, so such a family is {@link #PENDING} instead.
 *
 * @since 0.1.0
 */
public enum DriftState {
    /** Compared: the database's tables of the family are exactly as the snapshot says. */
    MATCHES,
    /** Compared: the tables differ from the snapshot (the differences are listed). */
    DRIFTED,
    /** Not compared: no migration of the family is applied in this schema. */
    NOT_INSTALLED,
    /** Not compared: migrations of the artifact are not applied (or failed) yet; apply, then verify. */
    PENDING,
    /** Not compared: the database has migrations newer than the artifact; verify with the newer artifact. */
    AHEAD,
    /** Not compared: the family's artifact ships no schema snapshot. */
    NOT_VERIFIABLE;

    /** True when the family was compared with its snapshot ({@link #MATCHES} or {@link #DRIFTED}). */
    public boolean compared() {
        return this == MATCHES || this == DRIFTED;
    }
}
