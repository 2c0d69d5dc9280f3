package io.kubernaut.schema.resolver;

import java.nio.file.Path;

/**
 * An artifact asked for as a family holds none: its jar has no
 * {@code META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule}. (Entries of a BOM that hold
 * no family are skipped instead; this is raised for them only when none does.)
 *
 * @since 0.1.0
 */
public class NoFamilyException extends FamilyResolutionException {

    private static final long serialVersionUID = 1L;

    private final transient Path jar;

    /**
     * @param coordinates the artifact
     * @param jar         its jar, as resolved; null for a BOM without families
     * @param message     the message
     */
    public NoFamilyException(String coordinates, Path jar, String message) {
        super(coordinates, message);
        this.jar = jar;
    }

    /** The jar that holds no family; null when the exception is about a BOM. */
    public Path jar() {
        return jar;
    }
}
