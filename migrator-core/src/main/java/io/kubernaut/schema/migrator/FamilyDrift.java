package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One family's result of {@link Migrator#verify()}.
 *
 * @param name            the family
 * @param artifactVersion the version of the artifact whose snapshot was used
 * @param state           whether it was compared, and how it came out
 * @param status          the family's standing in the history table (applied, pending, ahead versions)
 * @param snapshotVersion the version whose snapshot the tables were compared with: the latest for a family
 *                        in the history; for one that is not, the version they match, or the nearest when
 *                        {@link DriftState#DRIFTED}; 0 when not compared
 * @param differences     the differences, empty unless {@link DriftState#DRIFTED}; ordered by kind of
 *                        object (tables, columns, constraints, indexes, triggers, ...), then name
 * @param notCompared     what the artifact's snapshot cannot describe, so was not compared, in words
 *                        ({@code "not compared (snapshot format 1): views, functions other than those of triggers, ..."});
 *                        null when everything was (a snapshot of the current format), never drift
 * @since 0.1.0
 */
public record FamilyDrift(String name, String artifactVersion, DriftState state, FamilyStatus status,
        int snapshotVersion, List<Drift> differences, String notCompared) {

    public FamilyDrift {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
        differences = List.copyOf(differences);
    }

    /** A result whose snapshot describes everything that is compared. */
    public FamilyDrift(String name, String artifactVersion, DriftState state, FamilyStatus status, int snapshotVersion,
            List<Drift> differences) {
        this(name, artifactVersion, state, status, snapshotVersion, differences, null);
    }

    /** True when the family was compared and differs from its snapshot. */
    public boolean hasDrift() {
        return state == DriftState.DRIFTED;
    }

    /** The family's state in a few words, with what to do where the family could not be compared. */
    public String summary() {
        String summary = switch (state) {
            case MATCHES -> "matches its snapshot";
            case DRIFTED -> "drift: " + differences.size() + (differences.size() == 1 ? " difference" : " differences")
                    + (status.applied().isEmpty() ? " against V" + snapshotVersion + ", the nearest version (not in the"
                            + " history: apply refuses; see --baseline-version)" : "");
            case UNRECORDED -> "not in the history; the tables match the snapshot of V" + snapshotVersion
                    + (snapshotVersion < latest() ? " (the artifact goes to V" + latest() + ")" : ", the latest")
                    + ": apply (or adopt) records V1-V" + snapshotVersion + " as adopted without running them"
                    + (snapshotVersion < latest() ? ", then runs the later ones" : "");
            case NOT_INSTALLED -> "not installed in this schema: nothing to compare";
            case PENDING -> "not comparable: " + versions(status.pending()) + " not applied (the snapshot describes V"
                    + latest() + "); apply, then verify";
            case AHEAD -> "not comparable: the database has " + versions(status.ahead()) + ", newer than the artifact's V"
                    + latest() + "; verify with the newer artifact";
            case NOT_VERIFIABLE -> "not verifiable: the artifact has no schema snapshot";
        };
        return notCompared == null || !state.compared() ? summary : summary + "; " + notCompared;
    }

    /** The artifact's latest migration: its versions are the applied and the pending ones. */
    private int latest() {
        return Stream.concat(status.applied().stream(), status.pending().stream()).mapToInt(Integer::intValue).max()
                .orElse(0);
    }

    private static String versions(List<Integer> versions) {
        return versions.stream().map(v -> "V" + v).collect(Collectors.joining(","));
    }
}
