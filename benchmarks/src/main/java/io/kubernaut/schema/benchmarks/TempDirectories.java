package io.kubernaut.schema.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary directories a benchmark writes its workloads and data directories to. */
final class TempDirectories {

    private TempDirectories() {
    }

    /** Deletes {@code directory} and everything under it; a directory that cannot be deleted is left behind. */
    static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Only a temporary directory left behind: the figures are still valid.
        }
    }
}
