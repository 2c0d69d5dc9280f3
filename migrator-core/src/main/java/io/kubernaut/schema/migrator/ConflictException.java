package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The migrator refuses to go on because the artifacts and the database (or two artifacts) disagree:
 * see the {@link Conflict} kinds. Raised before anything is applied.
 *
 * @since 0.1.0
 */
public final class ConflictException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final transient List<Conflict> conflicts;

    public ConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    /** Every conflict found, at least one. */
    public List<Conflict> conflicts() {
        return conflicts;
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            return "Refused: " + conflicts.get(0).describe() + " Nothing was applied.";
        }
        return "Refused, " + conflicts.size() + " conflicts:" + conflicts.stream().map(c -> "\n  - " + c.describe())
                .collect(Collectors.joining()) + "\nNothing was applied.";
    }
}
