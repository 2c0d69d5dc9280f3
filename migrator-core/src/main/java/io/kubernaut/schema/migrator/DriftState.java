package io.kubernaut.schema.migrator;

/**
 * What {@link Migrator#verify()} could say about one family.
 *
 * <p>A family's snapshot describes its artifact's latest migration. Only a family whose history
 * says it is at exactly that version is compared: the differences of a family with pending
 * migrations are the migrations themselves, not drift, so such a family is {@link #PENDING} instead.
 * A family not in the history whose tables exist is compared with the snapshot of each of its
 * versions: {@link #UNRECORDED} when one matches, else {@link #DRIFTED} against the nearest.
 *
 * @since 0.1.0
 */
public enum DriftState {
    /** Compared: the database's tables of the family are exactly as the snapshot says. */
    MATCHES,
    /** Compared: the tables differ from the snapshot (the differences are listed). */
    DRIFTED,
    /**
     * Compared: the family is not in the history, but its tables exist and equal the snapshot of one
     * of its versions ({@link FamilyDrift#snapshotVersion()}): apply (or adopt) records it at that
     * version without running its scripts, then runs the later ones. Not drift.
     */
    UNRECORDED,
    /** Not compared: no migration of the family is applied in this schema, and none of its tables exist. */
    NOT_INSTALLED,
    /** Not compared: migrations of the artifact are not applied (or failed) yet; apply, then verify. */
    PENDING,
    /** Not compared: the database has migrations newer than the artifact; verify with the newer artifact. */
    AHEAD,
    /** Not compared: the family's artifact ships no schema snapshot. */
    NOT_VERIFIABLE;

    /** True when the family was compared with a snapshot ({@link #MATCHES}, {@link #DRIFTED} or {@link #UNRECORDED}). */
    public boolean compared() {
        return this == MATCHES || this == DRIFTED || this == UNRECORDED;
    }
}
