package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.spi.FamilyIndex;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A family read from a published artifact, a jar or a build's output folder, without loading any
 * class from it: its index, its scripts and its schema snapshot, all read at once into memory. Used
 * to compare two versions of one family, which cannot share a class loader (both have the same
 * provider class).
 */
public final class FamilyArchive implements SchemaModule {

    /** The name of the snapshot next to a family's index. */
    public static final String SNAPSHOT = "snapshot.txt";

    private final String location;
    private final FamilyIndex index;
    private final Map<String, String> scripts;
    private final SchemaSnapshot snapshot;
    /** The snapshots of the versions before the latest, by version. */
    private final Map<Integer, SchemaSnapshot> versionSnapshots;

    private FamilyArchive(String location, FamilyIndex index, Map<String, String> scripts, SchemaSnapshot snapshot,
            Map<Integer, SchemaSnapshot> versionSnapshots) {
        this.location = location;
        this.index = index;
        this.scripts = Map.copyOf(scripts);
        this.snapshot = snapshot;
        this.versionSnapshots = Map.copyOf(versionSnapshots);
    }

    /**
     * The names of the families in {@code jarOrDirectory}, sorted.
     *
     * @throws IOException when it cannot be read
     */
    public static List<String> families(Path jarOrDirectory) throws IOException {
        return open(jarOrDirectory, root -> {
            Path families = root.resolve(FamilyIndex.ROOT);
            if (!Files.isDirectory(families)) {
                return List.of();
            }
            try (Stream<Path> children = Files.list(families)) {
                return children.filter(child -> Files.isRegularFile(child.resolve("index.properties")))
                        .map(child -> child.getFileName().toString().replace("/", "")).sorted().toList();
            }
        });
    }

    /**
     * Reads {@code family} from {@code jarOrDirectory}.
     *
     * @throws IllegalArgumentException when the family, its index or one of its scripts is missing or
     *                                  malformed, saying which and where
     * @throws IOException              when the archive cannot be read
     */
    public static FamilyArchive read(Path jarOrDirectory, String family) throws IOException {
        Objects.requireNonNull(family, "family");
        String location = jarOrDirectory.toString();
        return open(jarOrDirectory, root -> {
            Path indexFile = root.resolve(FamilyIndex.indexPath(family));
            if (!Files.isRegularFile(indexFile)) {
                List<String> present = families(jarOrDirectory);
                throw new IllegalArgumentException(location + " holds no family '" + family + "' (no "
                        + FamilyIndex.indexPath(family) + "); " + (present.isEmpty() ? "it holds no family at all"
                                : "it holds " + String.join(", ", present)));
            }
            FamilyIndex index;
            try (InputStream in = Files.newInputStream(indexFile)) {
                index = FamilyIndex.read(in, location + "!/" + FamilyIndex.indexPath(family));
            }
            Map<String, String> scripts = new LinkedHashMap<>();
            for (Migration migration : index.migrations()) {
                Path script = root.resolve(FamilyIndex.scriptPath(family, migration.script()));
                if (!Files.isRegularFile(script)) {
                    throw new IllegalArgumentException("Family '" + family + "' lists " + migration.script()
                            + " in its index, but " + FamilyIndex.scriptPath(family, migration.script()) + " is missing from "
                            + location);
                }
                scripts.put(migration.script(), Files.readString(script, StandardCharsets.UTF_8));
            }
            SchemaSnapshot snapshot = readSnapshot(root.resolve(FamilyIndex.snapshotPath(family)));
            Map<Integer, SchemaSnapshot> versions = new LinkedHashMap<>();
            for (int version = 1; version < index.migrations().size(); version++) {
                SchemaSnapshot atVersion = readSnapshot(root.resolve(FamilyIndex.snapshotPath(family, version)));
                if (atVersion != null) {
                    versions.put(version, atVersion);
                }
            }
            return new FamilyArchive(location, index, scripts, snapshot, versions);
        });
    }

    private static SchemaSnapshot readSnapshot(Path file) throws IOException {
        return Files.isRegularFile(file) ? SchemaSnapshot.read(Files.readString(file, StandardCharsets.UTF_8)) : null;
    }

    /**
     * A family held in memory: its index, the text of each script it lists, and its snapshot (null
     * when none), e.g. a family being built from its sources.
     *
     * @throws IllegalArgumentException when a script the index lists is missing from {@code scripts}
     */
    public static FamilyArchive of(String location, FamilyIndex index, Map<String, String> scripts, SchemaSnapshot snapshot) {
        for (Migration migration : index.migrations()) {
            if (!scripts.containsKey(migration.script())) {
                throw new IllegalArgumentException("Family '" + index.family() + "' lists " + migration.script()
                        + " in its index, but " + location + " has no such script");
            }
        }
        return new FamilyArchive(location, index, scripts, snapshot, Map.of());
    }

    private interface Reader<T> {
        T read(Path root) throws IOException;
    }

    private static <T> T open(Path jarOrDirectory, Reader<T> reader) throws IOException {
        if (Files.isDirectory(jarOrDirectory)) {
            return reader.read(jarOrDirectory);
        }
        if (!Files.isRegularFile(jarOrDirectory)) {
            throw new IOException(jarOrDirectory + " does not exist");
        }
        try (FileSystem jar = FileSystems.newFileSystem(jarOrDirectory)) {
            return reader.read(jar.getPath("/"));
        }
    }

    /** The family's index. */
    public FamilyIndex index() {
        return index;
    }

    /** The schema its migrations produce, as the schema Maven plugin recorded it; empty for jars built without one. */
    public Optional<SchemaSnapshot> schemaSnapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The snapshot's text, as {@link SchemaModule#snapshot()} promises (drift verification reads it). */
    @Override
    public Optional<String> snapshot() {
        return schemaSnapshot().map(SchemaSnapshot::write);
    }

    @Override
    public Optional<String> snapshot(int version) {
        if (version >= 1 && version < index.migrations().size()) {
            return Optional.ofNullable(versionSnapshots.get(version)).map(SchemaSnapshot::write);
        }
        return SchemaModule.super.snapshot(version);
    }

    @Override
    public String name() {
        return index.family();
    }

    @Override
    public String artifact() {
        return index.artifact();
    }

    @Override
    public String artifactVersion() {
        return index.artifactVersion();
    }

    @Override
    public Set<String> tables() {
        return index.tables();
    }

    @Override
    public Set<String> requires() {
        return index.requires();
    }

    @Override
    public List<Migration> migrations() {
        return index.migrations();
    }

    @Override
    public String readScript(Migration migration) {
        String text = scripts.get(migration.script());
        if (text == null) {
            throw new IllegalStateException("Family '" + name() + "' has no script " + migration.script() + " in " + location);
        }
        return text;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return name() + " " + artifactVersion() + " (" + location + ")";
    }
}
