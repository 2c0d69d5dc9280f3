package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.resolver.FamilyResolutionException;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;

/** Maven coordinates: parsing what a user typed, and printing an artifact the way one would type it. */
final class Coordinates {

    private Coordinates() {
    }

    /**
     * {@code groupId:artifactId[:extension[:classifier]]:version} as an artifact, extension {@code defaultExtension}
     * when none is given.
     *
     * @param what "artifact" or "BOM", for the message
     * @throws FamilyResolutionException naming the expected form
     */
    static Artifact parse(String coordinates, String defaultExtension, String what) {
        Objects.requireNonNull(coordinates, "coordinates");
        String trimmed = coordinates.trim();
        String[] parts = trimmed.split(":", -1);
        try {
            if (Arrays.stream(parts).anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("an empty part");
            }
            if (parts.length == 3) {
                return new DefaultArtifact(parts[0], parts[1], defaultExtension, parts[2]);
            }
            if (parts.length >= 4 && parts.length <= 5) {
                return new DefaultArtifact(trimmed);
            }
        } catch (IllegalArgumentException e) {
            // Reported below, in the user's terms.
        }
        throw new FamilyResolutionException(coordinates, "'" + coordinates + "' is not the Maven coordinates of "
                + ("BOM".equals(what) ? "a BOM" : "an artifact") + "; expected groupId:artifactId:version, e.g."
                + " io.kubernaut.schema:" + ("BOM".equals(what) ? "schema-bom" : "schema-audit-events") + ":0.1.0");
    }

    /** {@code g:a:v}, or {@code g:a:ext[:classifier]:v} when not a plain jar. */
    static String of(Artifact artifact) {
        if (artifact == null) {
            return "(unknown artifact)";
        }
        boolean plainJar = "jar".equals(artifact.getExtension()) && artifact.getClassifier().isEmpty();
        return artifact.getGroupId() + ":" + artifact.getArtifactId()
                + (plainJar ? "" : ":" + artifact.getExtension() + (artifact.getClassifier().isEmpty() ? "" : ":"
                        + artifact.getClassifier()))
                + ":" + artifact.getBaseVersion();
    }

    /** {@code g:a:v} whatever the extension (a BOM's pom, say). */
    static String gav(Artifact artifact) {
        return artifact.getGroupId() + ":" + artifact.getArtifactId() + ":" + artifact.getBaseVersion();
    }

    /** Same group, artifact, extension, classifier and (base) version. */
    static boolean sameArtifact(Artifact a, Artifact b) {
        return sameModule(a, b) && a.getExtension().equals(b.getExtension()) && a.getClassifier().equals(b.getClassifier())
                && a.getBaseVersion().equals(b.getBaseVersion());
    }

    /** Same group and artifact id. */
    static boolean sameModule(Artifact a, Artifact b) {
        return a.getGroupId().equals(b.getGroupId()) && a.getArtifactId().equals(b.getArtifactId());
    }
}
