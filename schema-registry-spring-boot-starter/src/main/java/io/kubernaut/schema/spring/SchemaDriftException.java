package io.kubernaut.schema.spring;

import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import java.util.Objects;

/**
 * The families' tables differ from the snapshots in their jars, and {@code schema.registry.verify-on-start}
 * is {@code fail}: the application does not start.
 *
 * @since 0.1.0
 */
public final class SchemaDriftException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final transient DriftReport report;

    public SchemaDriftException(DriftReport report) {
        super("The tables of schema '" + Objects.requireNonNull(report, "report").schema()
                + "' differ from the families' snapshots (schema.registry.verify-on-start=fail):\n" + report);
        this.report = report;
    }

    /** Every family's result, with the differences. */
    public DriftReport report() {
        return report;
    }
}
