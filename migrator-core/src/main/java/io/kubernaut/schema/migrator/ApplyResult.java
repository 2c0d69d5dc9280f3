package io.kubernaut.schema.migrator;

import java.time.Duration;
import java.util.List;

/**
 * What {@link Migrator#apply()} did.
 *
 * @param schema         the target schema
 * @param families       the selected families in the order they were applied
 * @param applied        the migrations applied by this run, in order
 * @param adoptions      families whose existing tables this run recorded at a version without running
 *                       their scripts (before applying the later migrations)
 * @param alreadyApplied how many selected migrations were already applied and skipped
 * @param warnings       things worth knowing that did not stop the run
 * @param duration       the whole run, lock wait included
 * @since 0.1.0
 */
public record ApplyResult(String schema, List<String> families, List<AppliedMigration> applied,
        List<Adoption> adoptions, int alreadyApplied,
        List<String> warnings, Duration duration) {

    public ApplyResult {
        families = List.copyOf(families);
        applied = List.copyOf(applied);
        adoptions = List.copyOf(adoptions);
        warnings = List.copyOf(warnings);
    }

    /** True when everything was already applied. */
    public boolean nothingApplied() {
        return applied.isEmpty();
    }

    /** A table of the applied migrations and a summary line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!applied.isEmpty()) {
            TextTable table = new TextTable("FAMILY", "VERSION", "DESCRIPTION", "TIME");
            for (AppliedMigration migration : applied) {
                table.row(migration.migration().family(), "V" + migration.migration().version(),
                        migration.migration().description(),
                        migration.duration().toMillis() + " ms");
            }
            text.append(table);
        }
        adoptions.forEach(adoption -> text.append(adoption.describe()).append(" (recorded without running its scripts)\n"));
        warnings.forEach(warning -> text.append("warning: ").append(warning).append('\n'));
        text.append("Applied ").append(applied.size()).append(applied.size() == 1 ? " migration" : " migrations")
                .append(" to schema '").append(schema).append("' (").append(alreadyApplied)
                .append(" already applied) in ").append(duration.toMillis()).append(" ms; families: ")
                .append(families.isEmpty() ? "none" : String.join(", ", families)).append('\n');
        return text.toString();
    }
}
