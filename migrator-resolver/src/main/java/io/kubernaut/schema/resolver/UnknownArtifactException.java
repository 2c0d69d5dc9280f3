package io.kubernaut.schema.resolver;

import java.util.List;

/**
 * An artifact exists in none of the repositories searched: mistyped coordinates, a version not
 * published (yet), or {@code --offline} with an artifact never downloaded. The message names the
 * repositories, in the order they were searched.
 *
 * @since 0.1.0
 */
public class UnknownArtifactException extends FamilyResolutionException {

    private static final long serialVersionUID = 1L;

    private final List<String> repositories;

    /**
     * @param coordinates  the artifact not found (perhaps a dependency of the one requested)
     * @param repositories the repositories searched, each as {@code id (url)}, the local one first
     * @param message      the message
     */
    public UnknownArtifactException(String coordinates, List<String> repositories, String message) {
        super(coordinates, message);
        this.repositories = List.copyOf(repositories);
    }

    /** The repositories searched, each as {@code id (url)}; the local repository first. */
    public List<String> repositories() {
        return repositories;
    }
}
