package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Migrator#adopt()} or {@link Migrator#adopt(ForeignHistory)} recorded. Nothing of the
 * families ran: their history rows say at which version the existing tables are; {@link Migrator#apply()}
 * then runs only the later migrations.
 *
 * @param schema          the target schema
 * @param adoptions       the families recorded, with their version
 * @param alreadyRecorded selected families that already had history (left as they are)
 * @param withoutTables   selected families none of whose tables exist (nothing to adopt; apply installs them)
 * @since 0.1.0
 */
public record AdoptionReport(String schema, List<Adoption> adoptions, List<String> alreadyRecorded,
        List<String> withoutTables) {

    public AdoptionReport {
        Objects.requireNonNull(schema, "schema");
        adoptions = List.copyOf(adoptions);
        alreadyRecorded = List.copyOf(alreadyRecorded);
        withoutTables = List.copyOf(withoutTables);
    }

    /** One line per family and a summary line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        adoptions.forEach(a -> text.append(a.describe()).append('\n'));
        alreadyRecorded.forEach(f -> text.append(f).append(": already in the history, left as it is\n"));
        withoutTables.forEach(f -> text.append(f).append(": no table exists, nothing to adopt (apply installs it)\n"));
        text.append("Adopted ").append(adoptions.size()).append(adoptions.size() == 1 ? " family" : " families")
                .append(" in schema '").append(schema).append("' without running any script");
        if (!adoptions.isEmpty()) {
            text.append("; apply runs their later migrations");
        }
        return text.append('\n').toString();
    }
}
