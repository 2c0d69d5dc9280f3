package io.kubernaut.schema.resolver;

import io.kubernaut.schema.migrator.SchemaRegistryException;

/**
 * Families cannot be resolved as requested: invalid coordinates, a BOM that lists no family, an
 * unreadable settings file. The subtypes carry the cases a caller branches on:
 * {@link UnknownArtifactException}, {@link NoFamilyException}, {@link RepositoryUnavailableException}
 * and its {@link CorruptedArtifactException}.
 *
 * @since 0.1.0
 */
public class FamilyResolutionException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final String coordinates;

    /**
     * @param coordinates the artifact concerned ({@code groupId:artifactId:version}), or null when none is
     * @param message     what went wrong, where, and what to do
     */
    public FamilyResolutionException(String coordinates, String message) {
        super(message);
        this.coordinates = coordinates;
    }

    /** As {@link #FamilyResolutionException(String, String)}, with the failure that caused it. */
    public FamilyResolutionException(String coordinates, String message, Throwable cause) {
        super(message, cause);
        this.coordinates = coordinates;
    }

    /** The artifact concerned, as {@code groupId:artifactId[:extension[:classifier]]:version}; null when none is. */
    public String coordinates() {
        return coordinates;
    }
}
