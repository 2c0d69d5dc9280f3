package io.kubernaut.schema.resolver;

/**
 * A downloaded file does not match the checksum the repository publishes for it, so it was discarded:
 * the repository (or something between it and us) did not deliver it intact. Resolution never accepts
 * such a file; there is no lenient checksum mode.
 *
 * @since 0.1.0
 */
public class CorruptedArtifactException extends RepositoryUnavailableException {

    private static final long serialVersionUID = 1L;

    /**
     * @param coordinates the artifact whose file did not match
     * @param repository  the repository it came from, as {@code id (url)}
     * @param message     the message, with the expected and actual checksums where known
     * @param cause       the resolver's checksum failure
     */
    public CorruptedArtifactException(String coordinates, String repository, String message, Throwable cause) {
        super(coordinates, repository, message, cause);
    }
}
