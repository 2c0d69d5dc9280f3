package io.kubernaut.schema.spring.actuate;

import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.FamilyDrift;
import io.kubernaut.schema.spring.SchemaRegistryMigration;
import io.kubernaut.schema.spring.VerifyOnStart;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code schemaRegistry} health contributor: compares the families' tables with their snapshots
 * on each check (a few milliseconds, read-only). DOWN when they differ and
 * {@code schema.registry.verify-on-start=fail}: a table altered by hand after the start; UP with the
 * drift in the details otherwise. Without verification ({@code none}) it reports the families' states only.
 *
 * @since 0.1.0
 */
public class SchemaRegistryHealthIndicator extends AbstractHealthIndicator {

    private final SchemaRegistryMigration migration;

    public SchemaRegistryHealthIndicator(SchemaRegistryMigration migration) {
        super("Schema registry health check failed");
        this.migration = Objects.requireNonNull(migration, "migration");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (migration.offReason().isPresent()) {
            builder.unknown().withDetail("off", migration.offReason().get());
            return;
        }
        builder.withDetail("verifyOnStart", migration.verifyOnStart().name());
        if (migration.verifyOnStart() == VerifyOnStart.NONE) {
            Map<String, String> states = new LinkedHashMap<>();
            migration.migrator().status().families().forEach(f -> states.put(f.name(), f.state().name()));
            builder.up().withDetail("schema", migration.migrator().config().schema()).withDetail("families", states);
            return;
        }
        DriftReport report = migration.migrator().verify();
        Map<String, String> families = new LinkedHashMap<>();
        for (FamilyDrift family : report.families()) {
            families.put(family.name(), family.summary());
        }
        builder.withDetail("schema", report.schema()).withDetail("drift", report.hasDrift()).withDetail("families", families);
        if (report.hasDrift()) {
            builder.withDetail("differences", report.differences().stream().map(d -> d.describe()).toList());
        }
        if (report.hasDrift() && migration.verifyOnStart() == VerifyOnStart.FAIL) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
