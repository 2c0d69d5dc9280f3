package io.kubernaut.schema.migrator.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A family's source folder written by a test: file name to text. */
final class Folder {

    private Folder() {
    }

    static Path write(Path directory, Map<String, String> files) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MigrationSources read(Path directory, Map<String, String> files) {
        try {
            return MigrationSources.read(write(directory, files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
