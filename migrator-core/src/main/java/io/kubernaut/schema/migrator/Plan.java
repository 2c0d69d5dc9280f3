package io.kubernaut.schema.migrator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link Migrator#apply()} would do now; computing it changes nothing.
 *
 * @param schema         the target schema
 * @param families       the selected families in the order they would be applied
 * @param pending        the migrations that would run, in order
 * @param alreadyApplied how many selected migrations are already applied
 * @param adoptions      families whose tables exist without history, and the version the run would record
 *                       them at without running their scripts (only later migrations are pending)
 * @param warnings       things worth knowing
 * @since 0.1.0
 */
public record Plan(String schema, List<String> families, List<PlannedMigration> pending, int alreadyApplied,
        List<Adoption> adoptions, List<String> warnings) {

    public Plan {
        families = List.copyOf(families);
        pending = List.copyOf(pending);
        adoptions = List.copyOf(adoptions);
        warnings = List.copyOf(warnings);
    }

    /** The families the run would adopt, in order. */
    public Set<String> adopting() {
        Set<String> families = new LinkedHashSet<>();
        adoptions.forEach(adoption -> families.add(adoption.family()));
        return families;
    }

    /** True when nothing would run and no adoption would be recorded. */
    public boolean upToDate() {
        return pending.isEmpty() && adoptions.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!pending.isEmpty()) {
            TextTable table = new TextTable("FAMILY", "VERSION", "DESCRIPTION", "SCRIPT", "TRANSACTION");
            for (PlannedMigration migration : pending) {
                table.row(migration.family(), "V" + migration.version(), migration.description(),
                        migration.script(), migration.transactional() ? "yes" : "no");
            }
            text.append(table);
        }
        adoptions.forEach(adoption -> text.append("would record: ").append(adoption.describe())
                .append(" (without running its scripts)\n"));
        warnings.forEach(warning -> text.append("warning: ").append(warning).append('\n'));
        text.append(pending.isEmpty() ? "Nothing to apply" : pending.size() + (pending.size() == 1 ? " migration" : " migrations")
                + " to apply").append(" to schema '").append(schema).append("' (").append(alreadyApplied)
                .append(" already applied); families: ").append(families.isEmpty() ? "none" : String.join(", ", families))
                .append('\n');
        return text.toString();
    }
}
