package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.ForeignHistory;
import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the version at which a family whose tables exist without history is recorded, from its
 * schema snapshots, an operator's baseline or another tool's history, and records it. Never runs
 * a script of the family.
 */
final class Adoptions {

    /**
     * A decided adoption.
     *
     * @param adoption what is recorded
     * @param foreign  for an import, the other tool's rows by version (when and by whom); else empty
     */
    record Decision(Adoption adoption, Map<Integer, ForeignHistoryReader.Applied> foreign) {
    }

    private Adoptions() {
    }

    /**
     * The version of {@code module}'s live tables by its snapshots, or the baseline the operator
     * declared; empty with a conflict added when no version matches.
     */
    static Optional<Decision> bySchema(Connection connection, String schema, SchemaModule module, Integer baseline,
            List<Conflict> conflicts) throws SQLException {
        int latest = module.migrations().size();
        if (baseline != null) {
            if (baseline > latest) {
                throw new ConfigurationException("The baseline version " + baseline + " is not a version of family '"
                        + module.name() + "' " + module.artifactVersion() + ", whose migrations end at V" + latest
                        + ". Nothing was recorded.");
            }
            return Optional.of(new Decision(new Adoption(module.name(), schema, baseline, Adoption.Kind.BASELINE,
                    "declared by the operator as the version of the existing tables (baseline version " + baseline + ")"),
                    Map.of()));
        }
        SchemaPlacement placement = SchemaPlacement.place(connection, schema, module);
        if (!placement.matched()) {
            conflicts.add(new Conflict.UnrecognizedSchema(module.name(), schema, placement.compared(), placement.nearest(),
                    placement.nearestDifferences()));
            return Optional.empty();
        }
        List<Integer> matching = placement.matching();
        int version = placement.version();
        String note = "the schema matches the snapshot of V" + version
                + (matching.size() > 1 ? " (and of " + versions(matching.subList(0, matching.size() - 1))
                        + ", which differ from it in nothing a snapshot shows: the highest is taken)" : "");
        return Optional.of(new Decision(new Adoption(module.name(), schema, version, Adoption.Kind.ADOPTED, note), Map.of()));
    }

    /**
     * The version {@code source}'s history puts {@code module} at, after checking that the live tables
     * equal that version's snapshot; empty with a conflict added otherwise.
     */
    static Optional<Decision> byImport(Connection connection, String schema, SchemaModule module, ForeignHistory source,
            List<Conflict> conflicts) throws SQLException {
        ForeignHistoryReader.Versions versions = ForeignHistoryReader.read(connection, schema, source);
        String refused = versions.problem();
        Map<Integer, ForeignHistoryReader.Applied> applied = versions.applied();
        int latest = module.migrations().size();
        int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (refused == null && applied.isEmpty()) {
            refused = "it records no applied version";
        }
        if (refused == null && version > latest) {
            refused = "it has V" + version + ", but family '" + module.name() + "' " + module.artifactVersion()
                    + " ends at V" + latest + ": use the family's newer artifact";
        }
        for (int v = 1; refused == null && v <= version; v++) {
            if (!applied.containsKey(v)) {
                refused = "it has V" + version + " but not V" + v + " (applied out of order, or rolled back): the schema is"
                        + " at no single version of the family";
            }
        }
        if (refused != null) {
            conflicts.add(new Conflict.ImportRefused(module.name(), schema, source.table(), version, refused, List.of()));
            return Optional.empty();
        }
        List<Drift> differences = SchemaPlacement.differencesAt(connection, schema, module, version);
        if (!differences.isEmpty()) {
            conflicts.add(new Conflict.ImportRefused(module.name(), schema, source.table(), version, "it says V" + version
                    + ", but the tables differ from V" + version + "'s snapshot in " + differences.size()
                    + (differences.size() == 1 ? " place" : " places"), differences));
            return Optional.empty();
        }
        String note = "imported from " + source.table() + " (" + source.label() + "), whose V" + version
                + " is the latest applied; the schema matches V" + version + "'s snapshot";
        return Optional.of(new Decision(new Adoption(module.name(), schema, version, Adoption.Kind.IMPORTED, note), applied));
    }

    /** Writes the history rows of migrations 1 to the decided version, none of which ran. */
    static void record(Connection connection, HistoryTable history, SchemaModule module, Decision decision)
            throws SQLException {
        Adoption adoption = decision.adoption();
        HistoryKind kind = HistoryKind.valueOf(adoption.kind().name());
        for (Migration migration : module.migrations()) {
            if (migration.version() > adoption.version()) {
                break;
            }
            PlannedMigration row = new PlannedMigration(module.name(), migration.version(), migration.description(),
                    migration.script(), module.artifactVersion(), migration.transactional());
            ForeignHistoryReader.Applied foreign = decision.foreign().get(migration.version());
            String note = foreign == null ? adoption.note() : adoption.note() + "; this version: " + foreign.reference();
            history.recordUnexecuted(connection, row, migration.checksum(), kind, note,
                    foreign == null ? null : foreign.appliedAt(), foreign == null ? null : foreign.appliedBy());
        }
    }

    private static String versions(List<Integer> versions) {
        return String.join(", ", versions.stream().map(v -> "V" + v).toList());
    }
}
