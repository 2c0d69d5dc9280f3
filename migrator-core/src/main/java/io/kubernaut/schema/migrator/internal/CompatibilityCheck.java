package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Checks a family's new version against its previous one, as the {@code check-compatibility} goal of
 * the schema Maven plugin and the CLI's {@code compat} command do: the {@link Compatibility} rules of a
 * mode on the two versions' snapshots, and the {@link UpgradePath} on two scratch databases.
 */
public final class CompatibilityCheck {

    /** Where the upgrade path is tried: empty databases made for the check and dropped after it. */
    public interface ScratchDatabases {

        /** Creates the empty database {@code name} and returns a data source for it. */
        DataSource create(String name);

        /** Drops {@code name}. */
        void drop(String name);
    }

    /**
     * What the check found.
     *
     * @param family          the family
     * @param previousVersion the previous version's artifact version
     * @param version         the new version's artifact version
     * @param mode            the compatibility mode checked
     * @param violations      the violations of {@code mode}; empty when compatible or NONE
     * @param upgradePath     the upgrade path's result, or null when it was not checked
     */
    public record Report(String family, String previousVersion, String version, Compatibility.Mode mode,
            List<CompatibilityViolation> violations, UpgradePath.Result upgradePath) {

        public Report {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(mode, "mode");
            violations = List.copyOf(violations);
        }

        /** Whether the new version passed every check that ran. */
        public boolean passed() {
            return violations.isEmpty() && (upgradePath == null || upgradePath.passed());
        }

        /** How many problems were found: violations, released migrations changed or missing, schema differences. */
        public int problemCount() {
            return violations.size() + (upgradePath == null ? 0 : upgradePath.problems().size() + upgradePath.differences().size());
        }

        /** The report in lines, one problem per line, for a build log or a terminal. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            text.append("Family '").append(family).append("' ").append(version).append(" against ").append(previousVersion)
                    .append(": ");
            if (passed()) {
                text.append(mode == Compatibility.Mode.NONE ? "no compatibility mode checked (NONE)"
                        : mode + " compatible");
                if (upgradePath != null) {
                    text.append("; upgrading from ").append(previousVersion).append(" gives the schema of a fresh install");
                }
                return text.append('\n').toString();
            }
            text.append(problemCount()).append(problemCount() == 1 ? " problem\n" : " problems\n");
            if (!violations.isEmpty()) {
                text.append("  ").append(mode).append(" compatibility is broken:\n");
                violations.forEach(v -> text.append("    ").append(v).append('\n'));
            } else if (mode != Compatibility.Mode.NONE) {
                text.append("  ").append(mode).append(" compatible\n");
            }
            if (upgradePath != null && !upgradePath.passed()) {
                text.append("  Upgrading from ").append(previousVersion).append(" does not give the schema of a fresh install of ")
                        .append(version).append(upgradePath.differences().isEmpty() ? ":\n"
                                : " (expected: what a fresh install has; found: what an upgraded database has):\n");
                upgradePath.problems().forEach(p -> text.append("    ").append(p).append('\n'));
                upgradePath.differences().forEach(d -> text.append("    ").append(d.describe()).append('\n'));
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private CompatibilityCheck() {
    }

    /**
     * Runs the check.
     *
     * @param previous  the previous version
     * @param next      the new version
     * @param others    families either version may require (the same versions for both)
     * @param mode      the rules to check
     * @param databases where to try the upgrade path, or null to leave it out
     * @throws IllegalArgumentException when the two are different families, or a mode other than NONE
     *                                  is asked and one version has no snapshot
     * @throws SQLException             when a snapshot of a scratch database cannot be taken
     */
    public static Report run(FamilyArchive previous, FamilyArchive next, Collection<? extends SchemaModule> others,
            Compatibility.Mode mode, ScratchDatabases databases) throws SQLException {
        if (!previous.name().equals(next.name())) {
            throw new IllegalArgumentException("Cannot compare family '" + next.name() + "' (" + next.location()
                    + ") with family '" + previous.name() + "' (" + previous.location() + ")");
        }
        List<CompatibilityViolation> violations = List.of();
        if (mode != Compatibility.Mode.NONE) {
            violations = Compatibility.check(snapshot(previous), snapshot(next), mode);
        }
        UpgradePath.Result upgradePath = null;
        if (databases != null) {
            String prefix = "schema_compat_" + truncate(next.name(), 30) + "_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String upgraded = prefix + "_upgraded";
            String fresh = prefix + "_fresh";
            try {
                DataSource upgradedSource = databases.create(upgraded);
                DataSource freshSource = databases.create(fresh);
                upgradePath = UpgradePath.check(previous, next, others, upgradedSource, freshSource);
            } finally {
                databases.drop(upgraded);
                databases.drop(fresh);
            }
        }
        return new Report(next.name(), previous.artifactVersion(), next.artifactVersion(), mode, violations, upgradePath);
    }

    private static SchemaSnapshot snapshot(FamilyArchive family) {
        return family.schemaSnapshot().orElseThrow(() -> new IllegalArgumentException("Family '" + family.name() + "' "
                + family.artifactVersion() + " (" + family.location() + ") has no " + FamilyArchive.SNAPSHOT
                + ": build it with the schema Maven plugin's generate goal, or check with compatibility NONE"));
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
