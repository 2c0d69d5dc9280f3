package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Checks a family's new version against its previous one, as the {@code check-compatibility} goal of
 * the schema Maven plugin and the CLI's {@code compat} command do: the rules of a {@link CompatibilityMode}
 * on the two versions' snapshots, and the upgrade path (the previous version upgraded to the new one
 * gives the schema of a fresh install of the new one) on two {@link ScratchDatabases}.
 *
 * @since 0.1.0
 */
public final class CompatibilityCheck {

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
     * @throws ConfigurationException when the two are different families, or a mode other than NONE
     *                                is asked and one version has no snapshot
     * @throws SQLException           when a snapshot of a scratch database cannot be taken
     */
    public static CompatibilityReport run(FamilyArchive previous, FamilyArchive next, Collection<? extends SchemaModule> others,
            CompatibilityMode mode, ScratchDatabases databases) throws SQLException {
        if (!previous.name().equals(next.name())) {
            throw new ConfigurationException("Cannot compare family '" + next.name() + "' (" + next.location()
                    + ") with family '" + previous.name() + "' (" + previous.location() + ")");
        }
        List<CompatibilityViolation> violations = List.of();
        if (mode != CompatibilityMode.NONE) {
            violations = Compatibility.check(snapshot(previous), snapshot(next), mode);
        }
        UpgradePathResult upgradePath = null;
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
        return new CompatibilityReport(next.name(), previous.artifactVersion(), next.artifactVersion(), mode, violations, upgradePath);
    }

    private static SchemaSnapshot snapshot(FamilyArchive family) {
        return family.schemaSnapshot().orElseThrow(() -> new ConfigurationException("Family '" + family.name() + "' "
                + family.artifactVersion() + " (" + family.location() + ") has no " + FamilyLayout.SNAPSHOT
                + ": build it with the schema Maven plugin's generate goal, or check with compatibility NONE"));
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
