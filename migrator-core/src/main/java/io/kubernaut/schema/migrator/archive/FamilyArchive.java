package io.kubernaut.schema.migrator.archive;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.internal.FamilyFormat;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A family read from a published artifact, a jar or a build's output folder, without loading any
 * class from it: its index, its scripts and its schema snapshot, all read at once into memory. Used
 * to compare two versions of one family, which cannot share a class loader (both have the same
 * provider class). Immutable.
 *
 * @since 0.1.0
 */
public final class FamilyArchive implements SchemaModule {

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
        return FamilyFormat.families(jarOrDirectory);
    }

    /**
     * Reads {@code family} from {@code jarOrDirectory}.
     *
     * @throws FamilyFormatException when the family, its index or one of its scripts is missing or
     *                               malformed, saying which and where
     * @throws IOException           when the archive cannot be read
     */
    public static FamilyArchive read(Path jarOrDirectory, String family) throws IOException {
        Objects.requireNonNull(family, "family");
        FamilyFormat.FamilyFiles files = FamilyFormat.read(jarOrDirectory, family);
        return new FamilyArchive(jarOrDirectory.toString(), files.index(), files.scripts(), files.snapshot(),
                files.versionSnapshots());
    }

    /**
     * A family held in memory without per-version snapshots: see {@link #of(String, FamilyIndex, Map, SchemaSnapshot, Map)}.
     */
    public static FamilyArchive of(String location, FamilyIndex index, Map<String, String> scripts, SchemaSnapshot snapshot) {
        return of(location, index, scripts, snapshot, Map.of());
    }

    /**
     * A family held in memory, e.g. a family being built from its sources.
     *
     * @param location         where it comes from, for messages
     * @param index            its index
     * @param scripts          the text of each script the index lists, by file name
     * @param snapshot         the schema after all its migrations, or null when there is none
     * @param versionSnapshots the schema after migrations 1 to n, by n, for versions before the latest
     * @throws FamilyFormatException when a script the index lists is missing from {@code scripts}, or a
     *                               version snapshot is not of a version before the latest
     */
    public static FamilyArchive of(String location, FamilyIndex index, Map<String, String> scripts, SchemaSnapshot snapshot,
            Map<Integer, SchemaSnapshot> versionSnapshots) {
        for (Migration migration : index.migrations()) {
            if (!scripts.containsKey(migration.script())) {
                throw new FamilyFormatException("Family '" + index.family() + "' lists " + migration.script()
                        + " in its index, but " + location + " has no such script");
            }
        }
        for (int version : versionSnapshots.keySet()) {
            if (version < 1 || version >= index.migrations().size()) {
                throw new FamilyFormatException("Family '" + index.family() + "' has migrations 1 to "
                        + index.migrations().size() + ": a snapshot of version " + version
                        + " is not one of a version before the latest");
            }
        }
        return new FamilyArchive(location, index, scripts, snapshot, versionSnapshots);
    }

    /**
     * Writes this family into {@code directory} as a jar holds it (see {@link FamilyLayout}): its
     * scripts, index and snapshots, replacing what the family's folder there held.
     *
     * @throws IOException when a file cannot be written
     */
    public void writeTo(Path directory) throws IOException {
        Map<String, String> listed = new LinkedHashMap<>();
        index.migrations().forEach(m -> listed.put(m.script(), scripts.get(m.script())));
        FamilyFormat.write(directory, new FamilyFormat.FamilyFiles(index, listed, snapshot, versionSnapshots));
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
            throw new FamilyFormatException("Family '" + name() + "' has no script " + migration.script() + " in " + location);
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
