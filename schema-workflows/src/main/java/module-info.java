/**
 * The table family {@code workflows} (tables {@code workflows} and {@code workflow_versions}): its
 * migrations, schema snapshots and index (resources under {@code META-INF/schema-registry/workflows/}),
 * its provider for migrator-core, and the jOOQ classes generated from its tables.
 *
 * @since 0.1.0
 */
module io.kubernaut.schema.workflows {
    requires transitive io.kubernaut.schema.migrator;
    requires transitive org.jooq;

    exports io.kubernaut.schema.workflows;
    exports io.kubernaut.schema.workflows.tables;
    exports io.kubernaut.schema.workflows.tables.records;

    provides io.kubernaut.schema.migrator.spi.SchemaModule with io.kubernaut.schema.workflows.WorkflowsSchemaModule;
}
