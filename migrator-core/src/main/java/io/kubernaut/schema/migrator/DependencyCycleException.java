package io.kubernaut.schema.migrator;

import java.util.List;

/**
 * Families require each other in a circle, so no order can apply them.
 *
 * @since 0.1.0
 */
public final class DependencyCycleException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final List<String> cycle;

    /** @param cycle the families of the cycle in order, the first repeated at the end */
    public DependencyCycleException(List<String> cycle) {
        super("Families require each other in a cycle: " + String.join(" -> ", cycle)
                + ". Remove one of these 'requires' so the families can be ordered. Nothing was applied.");
        this.cycle = List.copyOf(cycle);
    }

    /** The cycle, e.g. {@code [a, b, a]}. */
    public List<String> cycle() {
        return cycle;
    }
}
