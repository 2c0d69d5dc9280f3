package io.kubernaut.schema.migrator.compat;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CompatibilityCheck} found. Immutable.
 *
 * @param family          the family
 * @param previousVersion the previous version's artifact version
 * @param version         the new version's artifact version
 * @param mode            the compatibility mode checked
 * @param violations      the violations of {@code mode}; empty when compatible or NONE
 * @param upgradePath     the upgrade path's result, or null when it was not checked
 * @since 0.1.0
 */
public record CompatibilityReport(String family, String previousVersion, String version, CompatibilityMode mode,
        List<CompatibilityViolation> violations, UpgradePathResult upgradePath) {

    public CompatibilityReport {
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
            text.append(mode == CompatibilityMode.NONE ? "no compatibility mode checked (NONE)"
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
        } else if (mode != CompatibilityMode.NONE) {
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
