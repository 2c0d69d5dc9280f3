package io.kubernaut.schema.migrator;

import io.kubernaut.schema.migrator.internal.TextTable;
import java.util.List;
import java.util.Set;

/**
 * What {@link Migrator#apply()} would do now; computing it changes nothing.
 *
 * @param schema         the target schema
 * @param families       the selected families in the order they would be applied
 * @param pending        the migrations that would run, in order
 * @param alreadyApplied how many selected migrations are already applied
 * @param adopting       families whose tables exist without history, which the run would adopt
 * @param warnings       things worth knowing
 * @since 0.1.0
 */
public record Plan(String schema, List<String> families, List<PlannedMigration> pending, int alreadyApplied,
        Set<String> adopting, List<String> warnings) {

    public Plan {
        families = List.copyOf(families);
        pending = List.copyOf(pending);
        adopting = Set.copyOf(adopting);
        warnings = List.copyOf(warnings);
    }

    /** True when nothing would run. */
    public boolean upToDate() {
        return pending.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!pending.isEmpty()) {
            TextTable table = new TextTable("FAMILY", "VERSION", "DESCRIPTION", "SCRIPT", "TRANSACTION");
            for (PlannedMigration migration : pending) {
                table.row(migration.family(), "V" + migration.version(), migration.description()
                        + (adopting.contains(migration.family()) ? " (adopts existing tables)" : ""),
                        migration.script(), migration.transactional() ? "yes" : "no");
            }
            text.append(table);
        }
        warnings.forEach(warning -> text.append("warning: ").append(warning).append('\n'));
        text.append(pending.isEmpty() ? "Nothing to apply" : pending.size() + (pending.size() == 1 ? " migration" : " migrations")
                + " to apply").append(" to schema '").append(schema).append("' (").append(alreadyApplied)
                .append(" already applied); families: ").append(families.isEmpty() ? "none" : String.join(", ", families))
                .append('\n');
        return text.toString();
    }
}
