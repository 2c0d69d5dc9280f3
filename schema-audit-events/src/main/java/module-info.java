/**
 * The table family {@code audit_events}: its migrations, schema snapshots and index (resources under
 * {@code META-INF/schema-registry/audit_events/}), its provider for migrator-core, and the jOOQ classes
 * generated from its tables.
 *
 * @since 0.1.0
 */
module io.kubernaut.schema.audit {
    requires transitive io.kubernaut.schema.migrator;
    requires transitive org.jooq;

    exports io.kubernaut.schema.audit;
    exports io.kubernaut.schema.audit.tables;
    exports io.kubernaut.schema.audit.tables.records;

    provides io.kubernaut.schema.migrator.spi.SchemaModule with io.kubernaut.schema.audit.AuditEventsSchemaModule;
}
