package io.kubernaut.schema.resolver;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One resolved jar.
 *
 * @param coordinates {@code groupId:artifactId:version} (with extension and classifier where they are not
 *                    the plain jar's), or the file name for a jar not resolved by coordinates
 * @param file        the jar, in the local repository
 * @param family      whether the jar provides a table family (lists a {@code SchemaModule} service)
 * @since 0.1.0
 */
public record ResolvedArtifact(String coordinates, Path file, boolean family) {

    public ResolvedArtifact {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return coordinates + (family ? " (family) " : " ") + file;
    }
}
