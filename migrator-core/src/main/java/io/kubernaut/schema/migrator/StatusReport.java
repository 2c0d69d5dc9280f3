package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link Migrator#status()} found: each selected family's state in the target schema.
 *
 * @param schema   the target schema
 * @param families one entry per selected family, in dependency order
 * @since 0.1.0
 */
public record StatusReport(String schema, List<FamilyStatus> families) {

    public StatusReport {
        families = List.copyOf(families);
    }

    /** The status of one family, if it was selected. */
    public Optional<FamilyStatus> family(String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        TextTable table = new TextTable("FAMILY", "ARTIFACT", "APPLIED", "PENDING", "STATE");
        for (FamilyStatus family : families) {
            table.row(family.name(), family.artifactVersion(), versions(family.applied()), versions(family.pending()),
                    family.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + (family.ahead().isEmpty() ? "" : " (database has " + versions(family.ahead()) + ")")
                            + (family.missing().isEmpty() ? "" : " (" + versions(family.missing()) + " missing below V"
                                    + family.applied().get(family.applied().size() - 1) + ")")
                            + (family.checksumMismatches().isEmpty() ? "" : " (" + versions(family.checksumMismatches()) + " changed)"));
        }
        return table + "Schema '" + schema + "'\n";
    }

    private static String versions(List<Integer> versions) {
        return versions.isEmpty() ? "-" : versions.stream().map(v -> "V" + v).collect(Collectors.joining(","));
    }
}
