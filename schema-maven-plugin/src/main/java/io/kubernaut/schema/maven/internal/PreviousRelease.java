package io.kubernaut.schema.maven.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.version.Version;

/**
 * Finds and downloads a family artifact's previous release through the build's own repository system
 * (Maven's injected {@link RepositorySystem}, the session's local repository, mirrors, credentials and
 * offline mode, and the project's remote repositories).
 */
public final class PreviousRelease {

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    public PreviousRelease(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = Objects.requireNonNull(system, "system");
        this.session = Objects.requireNonNull(session, "session");
        this.repositories = List.copyOf(repositories);
    }

    /**
     * The highest version of {@code groupId:artifactId} below {@code version} that is not a snapshot,
     * in the local repository or a remote one; empty when there is none (a first release).
     *
     * @throws BuildFailure when the versions cannot be listed
     */
    public Optional<String> highestBefore(String groupId, String artifactId, String version) {
        Artifact range = new DefaultArtifact(groupId, artifactId, "jar", "[0," + version + ")");
        VersionRangeResult result;
        try {
            result = system.resolveVersionRange(session, new VersionRangeRequest(range, repositories, null));
        } catch (VersionRangeResolutionException e) {
            throw new BuildFailure("Cannot list the versions of " + groupId + ":" + artifactId + ": " + e.getMessage(), e);
        }
        return result.getVersions().stream().map(Version::toString).filter(v -> !v.endsWith("-SNAPSHOT"))
                .reduce((lower, higher) -> higher);
    }

    /**
     * The jar of {@code groupId:artifactId:version}, downloaded into the local repository if needed.
     *
     * @throws BuildFailure naming the artifact and the repositories when it cannot be resolved
     */
    public Path jar(String groupId, String artifactId, String version) {
        Artifact artifact = new DefaultArtifact(groupId, artifactId, "jar", version);
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null)).getArtifact()
                    .getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new BuildFailure("Cannot resolve the previous release " + artifact + " from the local repository or "
                    + describeRepositories() + ": " + e.getMessage(), e);
        }
    }

    /** The repositories searched, for messages: {@code central (https://repo.maven.apache.org/maven2)}. */
    public String describeRepositories() {
        return repositories.isEmpty() ? "no remote repository"
                : repositories.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").collect(Collectors.joining(", "));
    }
}
