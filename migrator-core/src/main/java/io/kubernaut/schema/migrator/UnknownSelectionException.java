package io.kubernaut.schema.migrator;

import java.util.Set;

/**
 * The selection names tables or families that no family on the classpath provides.
 *
 * @since 0.1.0
 */
public final class UnknownSelectionException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final Set<String> unknown;
    private final Set<String> availableTables;
    private final Set<String> availableFamilies;

    public UnknownSelectionException(Set<String> unknown, Set<String> availableTables, Set<String> availableFamilies) {
        super("Unknown " + (unknown.size() == 1 ? "table or family " : "tables or families ") + quoted(unknown)
                + ". Available tables: " + (availableTables.isEmpty() ? "none" : quoted(availableTables))
                + "; families: " + (availableFamilies.isEmpty() ? "none (no family artifact on the classpath)"
                        : quoted(availableFamilies))
                + ". Add the family's artifact as a dependency or fix the name. Nothing was applied.");
        this.unknown = Set.copyOf(unknown);
        this.availableTables = Set.copyOf(availableTables);
        this.availableFamilies = Set.copyOf(availableFamilies);
    }

    /** The names asked for that nothing provides. */
    public Set<String> unknown() {
        return unknown;
    }

    /** Every table the families on the classpath provide. */
    public Set<String> availableTables() {
        return availableTables;
    }

    /** Every family on the classpath. */
    public Set<String> availableFamilies() {
        return availableFamilies;
    }

    private static String quoted(Set<String> names) {
        return String.join(", ", names.stream().sorted().map(n -> "'" + n + "'").toList());
    }
}
