package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the live tables of a family that has no history stand: the live schema compared with the
 * snapshot of each version the family's artifact ships, without running any SQL of the family.
 *
 * @param family   the family
 * @param compared the versions whose snapshot was compared, ascending (empty when the artifact has none)
 * @param matching the versions whose snapshot the live schema equals, ascending
 * @param nearest  the version with the fewest differences (the highest on a tie), 0 when none was compared
 * @param nearestDifferences the differences against {@code nearest}
 */
record SchemaPlacement(String family, List<Integer> compared, List<Integer> matching, int nearest,
        List<Drift> nearestDifferences) {

    public SchemaPlacement {
        compared = List.copyOf(compared);
        matching = List.copyOf(matching);
        nearestDifferences = List.copyOf(nearestDifferences);
    }

    /** True when the schema equals the snapshot of at least one version. */
    public boolean matched() {
        return !matching.isEmpty();
    }

    /**
     * The version the database is judged to be at: the highest whose snapshot it equals. Versions
     * that change nothing a snapshot shows (seed rows, comments; with snapshots of format 1 also views and
     * functions not run by triggers) match
     * together with the one before them; the highest is taken because their scripts must not run
     * again over live data (an operator who knows better declares the version as a baseline).
     */
    public int version() {
        if (matching.isEmpty()) {
            throw new IllegalStateException("family '" + family + "' matches no version");
        }
        return matching.get(matching.size() - 1);
    }

    /** The snapshots of {@code module}'s versions, by version; versions without one are left out. */
    public static Map<Integer, SchemaSnapshot> snapshots(SchemaModule module) {
        Map<Integer, SchemaSnapshot> snapshots = new TreeMap<>();
        for (int version = 1; version <= module.migrations().size(); version++) {
            try {
                final int v = version;
                module.snapshot(version).map(SchemaSnapshot::read).ifPresent(s -> snapshots.put(v, s));
            } catch (RuntimeException e) {
                throw new ConfigurationException("Cannot read the schema snapshot of version " + version + " of family '"
                        + module.name() + "' (" + module.location() + "): " + e.getMessage()
                        + ". Rebuild or re-download the family's artifact.", e);
            }
        }
        return snapshots;
    }

    /** The tables any snapshot names, and the family's own: what a live snapshot must cover. */
    public static Set<String> tables(SchemaModule module, Map<Integer, SchemaSnapshot> snapshots) {
        Set<String> tables = new TreeSet<>(module.tables());
        snapshots.values().forEach(s -> s.entries().keySet().stream().filter(k -> k.startsWith("table\t"))
                .forEach(k -> tables.add(k.substring("table\t".length()))));
        return tables;
    }

    /** Compares the live schema of {@code module} in {@code schema} with each version's snapshot. */
    public static SchemaPlacement place(Connection connection, String schema, SchemaModule module) throws SQLException {
        Map<Integer, SchemaSnapshot> snapshots = snapshots(module);
        Live live = Live.take(connection, schema, snapshots.values(), tables(module, snapshots));
        return place(module.name(), snapshots, live);
    }

    private static SchemaPlacement place(String family, Map<Integer, SchemaSnapshot> snapshots, Live live) {
        List<Integer> matching = new ArrayList<>();
        int nearest = 0;
        List<Drift> nearestDifferences = List.of();
        for (Map.Entry<Integer, SchemaSnapshot> version : snapshots.entrySet()) {
            List<Drift> differences = DriftCheck.compare(version.getValue(), live.like(version.getValue()));
            if (differences.isEmpty()) {
                matching.add(version.getKey());
            }
            if (nearest == 0 || differences.size() <= nearestDifferences.size()) {
                nearest = version.getKey();
                nearestDifferences = differences;
            }
        }
        return new SchemaPlacement(family, new ArrayList<>(snapshots.keySet()), Collections.unmodifiableList(matching),
                nearest, nearestDifferences);
    }

    /**
     * The live schema taken once for every version: of format 2, covering the objects of every version's
     * snapshot (so an object a later version creates shows as extra against an earlier one); of format 1
     * when a snapshot has that format.
     */
    private record Live(SchemaSnapshot format2, SchemaSnapshot format1) {

        static Live take(Connection connection, String schema, Collection<SchemaSnapshot> snapshots, Set<String> tables)
                throws SQLException {
            SchemaObjects objects = SchemaObjects.ofTables(tables);
            SchemaSnapshot format1 = null;
            boolean format2 = false;
            for (SchemaSnapshot snapshot : snapshots) {
                if (snapshot.format() >= 2) {
                    objects = objects.plus(snapshot.objects());
                    format2 = true;
                } else if (format1 == null) {
                    format1 = SchemaSnapshot.takeLike(connection, schema, snapshot, tables);
                }
            }
            return new Live(format2 ? SchemaSnapshot.take(connection, schema, objects) : null, format1);
        }

        SchemaSnapshot like(SchemaSnapshot expected) {
            return expected.format() >= 2 ? format2 : format1;
        }
    }

    /** The differences of the live tables against {@code version}'s snapshot (empty when it matches). */
    public static List<Drift> differencesAt(Connection connection, String schema, SchemaModule module, int version)
            throws SQLException {
        Map<Integer, SchemaSnapshot> snapshots = snapshots(module);
        SchemaSnapshot expected = snapshots.get(version);
        if (expected == null) {
            throw new ConfigurationException("Family '" + module.name() + "' (" + module.location() + ") ships no schema"
                    + " snapshot of version " + version + ", so the tables cannot be checked against it. Rebuild the"
                    + " family with the current schema Maven plugin (it stores one per version).");
        }
        return DriftCheck.compare(expected, SchemaSnapshot.takeLike(connection, schema, expected, tables(module, snapshots)));
    }
}
