package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.migrator.archive.FamilyLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Whether a jar provides a table family: it lists a {@code SchemaModule} provider for ServiceLoader. */
public final class FamilyJars {

    /** The services file every family jar has. */
    public static final String SERVICES_FILE = FamilyLayout.SERVICES;

    private FamilyJars() {
    }

    /** True when {@code jar} is a jar (or directory) with the {@link #SERVICES_FILE}. */
    public static boolean containsFamily(Path jar) {
        if (Files.isDirectory(jar)) {
            return Files.isRegularFile(jar.resolve(SERVICES_FILE));
        }
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(SERVICES_FILE) != null;
        } catch (IOException e) {
            // Not a zip (a pom, a corrupt file): certainly no family.
            return false;
        }
    }
}
