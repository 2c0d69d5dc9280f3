package io.kubernaut.schema.migrator;

import java.util.List;

/**
 * One family's standing in a database.
 *
 * @param name                   the family
 * @param artifactVersion        the version of the artifact on the classpath
 * @param appliedArtifactVersion the artifact version that applied the newest migration, or null
 * @param applied                versions applied successfully
 * @param pending                versions of the artifact not applied yet
 * @param ahead                  versions in the database the artifact does not know
 * @param checksumMismatches     applied versions whose checksum differs from the artifact's
 * @param failed                 versions recorded as failed (non-transactional migrations)
 * @param missing                versions not applied below an applied one: a gap in the history
 * @param state                  the summary
 * @since 0.1.0
 */
public record FamilyStatus(String name, String artifactVersion, String appliedArtifactVersion, List<Integer> applied,
        List<Integer> pending, List<Integer> ahead, List<Integer> checksumMismatches, List<Integer> failed,
        List<Integer> missing, FamilyState state) {

    public FamilyStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        ahead = List.copyOf(ahead);
        checksumMismatches = List.copyOf(checksumMismatches);
        failed = List.copyOf(failed);
        missing = List.copyOf(missing);
    }
}
