package io.kubernaut.schema.spring.actuate;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.spring.SchemaRegistryMigration;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/schemaregistry}: the families, their versions, applied and pending migrations and
 * drift state, read from the database when asked (the history and the catalog, in a read-only
 * transaction; no lock is taken). Exposed over HTTP like any endpoint, with
 * {@code management.endpoints.web.exposure.include=health,schemaregistry}.
 *
 * @since 0.1.0
 */
@Endpoint(id = "schemaregistry")
public class SchemaRegistryEndpoint {

    private final SchemaRegistryMigration migration;

    public SchemaRegistryEndpoint(SchemaRegistryMigration migration) {
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    @ReadOperation
    public SchemaRegistryDescriptor schemaRegistry() {
        Migrator migrator = migration.migrator();
        return SchemaRegistryDescriptor.of(migration.offReason().orElse(null), migration.verifyOnStart().name(),
                migration.result(), migrator.status(), migrator.verify());
    }
}
