package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.Drift;
import java.util.List;

/**
 * What the upgrade path check of {@link CompatibilityCheck} found: whether upgrading a database from
 * the previous version gives exactly the schema of a fresh install of the new one. Immutable.
 *
 * @param problems    the migrations the previous version released that the new one changed or lacks,
 *                    and migrations that failed, in words; empty when none
 * @param differences how the upgraded database differs from a fresh install: {@code expected} is the
 *                    fresh install's definition, {@code actual} the upgraded one's
 * @since 0.1.0
 */
public record UpgradePathResult(List<String> problems, List<Drift> differences) {

    public UpgradePathResult {
        problems = List.copyOf(problems);
        differences = List.copyOf(differences);
    }

    /** Whether the upgrade path is sound. */
    public boolean passed() {
        return problems.isEmpty() && differences.isEmpty();
    }
}
