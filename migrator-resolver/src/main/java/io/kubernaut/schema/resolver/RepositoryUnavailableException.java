package io.kubernaut.schema.resolver;

/**
 * A repository could not deliver an artifact: it cannot be reached (connection refused, unknown
 * host, time-out), refused the credentials, or answered with a server error. Retrying later, or fixing
 * the URL, the network or the {@code <server>} credentials in settings.xml, may help.
 *
 * @since 0.1.0
 */
public class RepositoryUnavailableException extends FamilyResolutionException {

    private static final long serialVersionUID = 1L;

    private final String repository;

    /**
     * @param coordinates the artifact that was being fetched
     * @param repository  the repository, as {@code id (url)}
     * @param message     the message
     * @param cause       the transport's failure
     */
    public RepositoryUnavailableException(String coordinates, String repository, String message, Throwable cause) {
        super(coordinates, message, cause);
        this.repository = repository;
    }

    /** The repository that failed, as {@code id (url)}. */
    public String repository() {
        return repository;
    }
}
