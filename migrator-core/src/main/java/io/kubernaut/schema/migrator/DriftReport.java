package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Migrator#verify()} found: per selected family, whether the database's tables match the
 * schema snapshot shipped in the family's artifact, and every difference where they do not.
 *
 * @param schema   the target schema
 * @param families one entry per selected family, in dependency order
 * @since 0.1.0
 */
public record DriftReport(String schema, List<FamilyDrift> families) {

    public DriftReport {
        Objects.requireNonNull(schema, "schema");
        families = List.copyOf(families);
    }

    /** True when at least one family was compared and differs from its snapshot. */
    public boolean hasDrift() {
        return families.stream().anyMatch(FamilyDrift::hasDrift);
    }

    /** True when every selected family was compared and matches its snapshot. */
    public boolean allVerified() {
        return families.stream().allMatch(f -> f.state() == DriftState.MATCHES);
    }

    /** The result of one family, if it was selected. */
    public Optional<FamilyDrift> family(String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Every difference of every family, in family order. */
    public List<Drift> differences() {
        return families.stream().flatMap(f -> f.differences().stream()).toList();
    }

    /**
     * A table of the families and their states, then one line per difference, then a summary line:
     * <pre>
     * FAMILY        ARTIFACT  STATE
     * audit_events  0.1.0     drift: 1 difference
     * workflows     0.1.0     matches its snapshot
     *   audit_events  missing index audit_events.idx_audit_events_outcome (expected: CREATE INDEX ...)
     * Schema 'public': drift in 1 of 2 families
     * </pre>
     */
    @Override
    public String toString() {
        TextTable table = new TextTable("FAMILY", "ARTIFACT", "STATE");
        families.forEach(f -> table.row(f.name(), f.artifactVersion(), f.summary()
                + (f.status().state() == FamilyState.CHECKSUM_MISMATCH ? " (applied scripts changed: see validate)" : "")));
        StringBuilder text = new StringBuilder(table.toString());
        families.forEach(f -> f.differences().forEach(d -> text.append("  ").append(f.name()).append("  ")
                .append(d.describe()).append('\n')));
        long drifted = families.stream().filter(FamilyDrift::hasDrift).count();
        long notCompared = families.stream().filter(f -> !f.state().compared()).count();
        text.append("Schema '").append(schema).append("': ");
        if (drifted > 0) {
            text.append("drift in ").append(drifted).append(" of ").append(families.size())
                    .append(families.size() == 1 ? " family" : " families");
        } else {
            text.append("no drift");
        }
        if (notCompared > 0) {
            text.append(" (").append(notCompared).append(notCompared == 1 ? " family" : " families").append(" not compared)");
        }
        return text.append('\n').toString();
    }
}
