package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.DriftState;
import io.kubernaut.schema.migrator.FamilyDrift;
import io.kubernaut.schema.migrator.Migrator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one test database for schema changes made by tests ({@code @SchemaTest(verifyNoDrift = true)}):
 * {@link Migrator#verify()} after each test, reporting only drift no earlier check of this database
 * reported, so in a database shared by a class's tests each change fails the test that made it.
 */
public final class DriftGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DriftGuard.class);

    private final Migrator migrator;
    private final Set<Map.Entry<String, Drift>> known = new HashSet<>();

    private DriftGuard(Migrator migrator) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
    }

    /**
     * A guard of the fresh database {@code migrator} verifies. Differences it already has (a server
     * that deparses a definition unlike the one the family was built on) are logged and not blamed on
     * a test.
     *
     * @throws IllegalStateException when a selected family cannot be verified (its jar has no snapshot)
     */
    public static DriftGuard start(Migrator migrator) {
        DriftGuard guard = new DriftGuard(migrator);
        DriftReport baseline = migrator.verify();
        List<String> unverifiable = baseline.families().stream().filter(f -> f.state() == DriftState.NOT_VERIFIABLE)
                .map(f -> "'" + f.name() + "' " + f.artifactVersion()).toList();
        if (!unverifiable.isEmpty()) {
            throw new IllegalStateException("verifyNoDrift needs each family's schema snapshot, but " + String.join(", ",
                    unverifiable) + " ship" + (unverifiable.size() == 1 ? "s" : "") + " none: rebuild the family with the"
                    + " schema Maven plugin, narrow the selection, or turn verifyNoDrift off");
        }
        guard.newDrift(baseline).forEach((family, drift) -> LOG.warn("Family '{}' differs from its snapshot before any"
                + " test ran (not blamed on the tests): {}", family, drift.stream().map(Drift::describe).toList()));
        return guard;
    }

    /** Drift that appeared since the last check, by family; empty when the schema is as before. */
    public synchronized Map<String, List<Drift>> check() {
        return newDrift(migrator.verify());
    }

    private Map<String, List<Drift>> newDrift(DriftReport report) {
        Map<String, List<Drift>> drift = new LinkedHashMap<>();
        for (FamilyDrift family : report.families()) {
            List<Drift> fresh = new ArrayList<>();
            for (Drift difference : family.differences()) {
                if (known.add(Map.entry(family.name(), difference))) {
                    fresh.add(difference);
                }
            }
            if (!fresh.isEmpty()) {
                drift.put(family.name(), fresh);
            }
        }
        return drift;
    }
}
