package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.ConfigurationException;
import java.util.List;

/**
 * A family's source folder cannot be a family: misnamed or misnumbered files, two formats mixed, goose
 * annotations goose would refuse or misread. The message lists every problem with {@code file:line}.
 *
 * @since 0.1.0
 */
public final class MigrationSourceException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public MigrationSourceException(String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, {@code path:line: what}; empty when the message says it all. */
    public List<String> problems() {
        return problems;
    }
}
