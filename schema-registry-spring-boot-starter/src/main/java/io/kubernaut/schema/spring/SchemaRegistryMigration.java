package io.kubernaut.schema.spring;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.Migrator;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the table families when the application context creates this bean, before any bean that
 * uses the database: Spring Boot's database initialization ordering makes jOOQ's {@code DSLContext},
 * {@code JdbcTemplate}, JPA's {@code EntityManagerFactory} and every bean annotated
 * {@code @DependsOnDatabaseInitialization} depend on it, as it does for Flyway.
 *
 * <p>A failure (a migration that fails, a conflict, a lock held too long, drift under
 * {@link VerifyOnStart#FAIL}) fails the start-up with the migrator's message.
 *
 * @since 0.1.0
 */
public final class SchemaRegistryMigration implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryMigration.class);

    private final Migrator migrator;
    private final VerifyOnStart verifyOnStart;
    private final String offReason;
    private volatile ApplyResult result;

    /**
     * @param migrator      the migrator, with the configuration and the families to apply
     * @param verifyOnStart what to do after applying
     * @param offReason     why nothing is applied (Flyway owns the schema), or null to apply
     */
    public SchemaRegistryMigration(Migrator migrator, VerifyOnStart verifyOnStart, String offReason) {
        this.migrator = Objects.requireNonNull(migrator, "migrator");
        this.verifyOnStart = Objects.requireNonNull(verifyOnStart, "verifyOnStart");
        this.offReason = offReason;
    }

    @Override
    public void afterPropertiesSet() {
        if (offReason != null) {
            LOG.warn("Schema registry: nothing applied. {}", offReason);
            return;
        }
        result = migrator.apply();
        if (verifyOnStart == VerifyOnStart.NONE) {
            return;
        }
        DriftReport report = migrator.verify();
        if (report.hasDrift()) {
            if (verifyOnStart == VerifyOnStart.FAIL) {
                throw new SchemaDriftException(report);
            }
            LOG.warn("The tables of schema '{}' differ from the families' snapshots (schema.registry.verify-on-start=warn):\n{}",
                    report.schema(), report);
        }
    }

    /** The migrator the start-up used: same database, configuration and families. */
    public Migrator migrator() {
        return migrator;
    }

    /** What the start-up applied; empty when nothing ran (off, or before the bean was initialized). */
    public Optional<ApplyResult> result() {
        return Optional.ofNullable(result);
    }

    /** The drift setting. */
    public VerifyOnStart verifyOnStart() {
        return verifyOnStart;
    }

    /** Why the starter applied nothing, if it is off. */
    public Optional<String> offReason() {
        return Optional.ofNullable(offReason);
    }
}
