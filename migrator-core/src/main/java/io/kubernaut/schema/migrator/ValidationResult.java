package io.kubernaut.schema.migrator;

import java.util.List;

/**
 * What {@link Migrator#validate()} found.
 *
 * @param schema    the target schema
 * @param conflicts every reason {@link Migrator#apply()} would refuse; empty when valid
 * @since 0.1.0
 */
public record ValidationResult(String schema, List<Conflict> conflicts) {

    public ValidationResult {
        conflicts = List.copyOf(conflicts);
    }

    /** True when apply would not refuse. */
    public boolean valid() {
        return conflicts.isEmpty();
    }

    @Override
    public String toString() {
        if (conflicts.isEmpty()) {
            return "Schema '" + schema + "' is valid: no conflicts\n";
        }
        StringBuilder text = new StringBuilder("Schema '" + schema + "' has " + conflicts.size() + " conflict(s):\n");
        conflicts.forEach(c -> text.append("  - ").append(c.describe()).append('\n'));
        return text.toString();
    }
}
