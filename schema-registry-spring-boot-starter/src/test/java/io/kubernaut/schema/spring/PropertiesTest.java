package io.kubernaut.schema.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.migrator.MigrationConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/**
 * Each {@code schema.registry.*} property, and the customizer, in an application context on a fresh
 * database of the embedded PostgreSQL; the assertions read the database.
 */
class PropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    SchemaRegistryAutoConfiguration.class))
            .withPropertyValues("spring.datasource.username=" + Databases.user());

    private ApplicationContextRunner on(String url) {
        return runner.withPropertyValues("spring.datasource.url=" + url);
    }

    @Test
    void withoutPropertiesEveryFamilyOnTheClassPathIsAppliedToPublic() {
        String url = Databases.fresh();
        on(url).run(context -> assertThat(context).hasNotFailed().hasSingleBean(SchemaRegistryMigration.class));
        assertThat(Databases.tableExists(url, "public", "audit_events")).isTrue();
        assertThat(Databases.tableExists(url, "public", "workflows")).isTrue();
    }

    @Test
    void tablesAppliesOnlyTheFamilyThatOwnsThem() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.tables=workflow_versions").run(context -> assertThat(context).hasNotFailed());
        assertThat(Databases.tableExists(url, "public", "workflow_versions")).isTrue();
        assertThat(Databases.tableExists(url, "public", "audit_events")).isFalse();
    }

    @Test
    void schemaIsCreatedAndHoldsTheTablesAndTheHistory() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.schema=tenant_a", "schema.registry.families=audit_events")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(Databases.tableExists(url, "tenant_a", "audit_events")).isTrue();
        assertThat(Databases.tableExists(url, "tenant_a", Defaults.HISTORY_TABLE)).isTrue();
        assertThat(Databases.tableExists(url, "public", "audit_events")).isFalse();
    }

    @Test
    void disabledAppliesNothingAndLeavesNoBean() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SchemaRegistryMigration.class));
        assertThat(Databases.tableExists(url, "public", Defaults.HISTORY_TABLE)).isFalse();
    }

    @Test
    void customizerBeansChangeTheConfigurationBeforeItIsApplied() {
        String url = Databases.fresh();
        on(url).withBean(SchemaRegistryCustomizer.class, () -> config -> config.families("workflows"))
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(Databases.tableExists(url, "public", "workflows")).isTrue();
        assertThat(Databases.tableExists(url, "public", "audit_events")).isFalse();
    }

    @Test
    void aSeparateMigrationUrlIsMigratedInsteadOfTheApplicationsDatabase() {
        String application = Databases.fresh();
        String migration = Databases.fresh();
        on(application).withPropertyValues("schema.registry.url=" + migration, "schema.registry.user=" + Databases.user())
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(Databases.tableExists(migration, "public", "audit_events")).isTrue();
        assertThat(Databases.tableExists(application, "public", Defaults.HISTORY_TABLE)).isFalse();
    }

    @Test
    void aMigrationUrlAloneNeedsNoApplicationDataSource() {
        String migration = Databases.fresh();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SchemaRegistryAutoConfiguration.class))
                .withPropertyValues("schema.registry.url=" + migration, "schema.registry.user=" + Databases.user())
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SchemaRegistryMigration.class));
        assertThat(Databases.tableExists(migration, "public", "workflows")).isTrue();
    }

    @Test
    void lockWaitAllOrNothingAndAllowAheadReachTheMigrator() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.lock-wait=5s", "schema.registry.all-or-nothing=true",
                "schema.registry.allow-ahead=true").run(context -> {
                    MigrationConfig config = context.getBean(SchemaRegistryMigration.class).migrator().config();
                    assertThat(config.lockWait()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.allOrNothing()).isTrue();
                    assertThat(config.aheadPolicy()).isEqualTo(io.kubernaut.schema.migrator.AheadPolicy.ALLOW);
                });
    }

    @Test
    void lockTimeoutLockRetriesAndOutOfOrderReachTheMigrator() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.lock-timeout=750ms", "schema.registry.lock-retries=1",
                "schema.registry.out-of-order=true").run(context -> {
                    MigrationConfig config = context.getBean(SchemaRegistryMigration.class).migrator().config();
                    assertThat(config.lockTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(config.lockRetries()).isEqualTo(1);
                    assertThat(config.outOfOrder()).isTrue();
                });
        assertThat(Databases.tableExists(url, "public", "workflows")).isTrue();
    }

    @Test
    void aTableLockHeldByTheApplicationFailsTheStartUpAfterTheLockTimeoutNamingIt() throws Exception {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.families=workflows").run(context -> assertThat(context).hasNotFailed());
        Databases.execute(url, "DELETE FROM " + Defaults.HISTORY_TABLE + " WHERE family = 'workflows' AND version = 2");
        try (java.sql.Connection application = java.sql.DriverManager.getConnection(url + "?ApplicationName=orders-service",
                Databases.user(), Databases.server().password())) {
            application.setAutoCommit(false);
            try (java.sql.Statement statement = application.createStatement()) {
                statement.execute("SELECT count(*) FROM workflow_versions"); // held open: V2's ALTER TABLE waits
            }

            on(url).withPropertyValues("schema.registry.families=workflows", "schema.registry.lock-timeout=1s",
                    "schema.registry.lock-retries=0").run(context -> {
                        assertThat(context).hasFailed();
                        Throwable failure = context.getStartupFailure();
                        while (failure != null && !(failure instanceof io.kubernaut.schema.migrator.MigrationFailedException)) {
                            failure = failure.getCause();
                        }
                        assertThat(failure).isInstanceOfSatisfying(io.kubernaut.schema.migrator.MigrationFailedException.class,
                                        e -> assertThat(e.sqlState()).isEqualTo("55P03"))
                                .hasMessageContaining("waited 1000 ms (lock timeout)")
                                .hasMessageContaining("application_name 'orders-service'");
                    });
        }
        assertThat(Databases.query(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM "
                + Defaults.HISTORY_TABLE + " WHERE family = 'workflows'")).isEqualTo("1");
    }

    @Test
    void aGapInTheHistoryFailsTheStartUpUnlessOutOfOrder() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.families=workflows").run(context -> assertThat(context).hasNotFailed());
        Databases.execute(url, "DELETE FROM " + Defaults.HISTORY_TABLE + " WHERE family = 'workflows' AND version = 1");

        on(url).withPropertyValues("schema.registry.families=workflows").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConflictException.class)
                    .hasMessageContaining("lacks V1 although V2 is applied");
        });
        assertThat(Databases.query(url, "SELECT count(*) FROM " + Defaults.HISTORY_TABLE)).isEqualTo("1");

        on(url).withPropertyValues("schema.registry.families=workflows", "schema.registry.out-of-order=true")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(Databases.query(url, "SELECT note FROM " + Defaults.HISTORY_TABLE + " WHERE version = 1"))
                .isEqualTo("applied out of order, after V2 (out-of-order allowed)");
    }

    @Test
    void propertyDefaultsAreTheMigratorsDefaults() {
        SchemaRegistryProperties properties = new SchemaRegistryProperties();
        assertThat(properties.getSchema()).isEqualTo(Defaults.SCHEMA);
        assertThat(properties.getLockWait()).isEqualTo(Duration.ofSeconds(Defaults.LOCK_WAIT_SECONDS));
        assertThat(properties.getLockTimeout()).isEqualTo(Duration.ofSeconds(Defaults.LOCK_TIMEOUT_SECONDS));
        assertThat(properties.getLockRetries()).isEqualTo(Defaults.LOCK_RETRIES);
        assertThat(properties.isOutOfOrder()).isFalse();
    }

    @Test
    void aChangedMigrationFailsTheStartUpWithTheMigratorsMessageAndNothingIsApplied() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.families=workflows").run(context -> assertThat(context).hasNotFailed());
        Databases.execute(url, "UPDATE " + Defaults.HISTORY_TABLE + " SET checksum = 'edited' WHERE family = 'workflows' AND version = 1");

        on(url).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConflictException.class)
                    .hasMessageContaining("workflows").hasMessageContaining("V1").hasMessageContaining("checksum");
        });
        assertThat(Databases.tableExists(url, "public", "audit_events")).isFalse();
    }

    @Test
    void driftFailsTheStartUpUnderVerifyOnStartFailAndOnlyWarnsUnderWarn() {
        String url = Databases.fresh();
        on(url).withPropertyValues("schema.registry.families=audit_events").run(context -> assertThat(context).hasNotFailed());
        Databases.execute(url, "ALTER TABLE audit_events ALTER COLUMN retention_days SET DEFAULT 30");

        on(url).withPropertyValues("schema.registry.verify-on-start=fail").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(SchemaDriftException.class,
                    drift -> assertThat(drift.report().differences()).singleElement()
                            .satisfies(d -> assertThat(d.describe()).contains("retention_days").contains("30")));
        });
        on(url).withPropertyValues("schema.registry.verify-on-start=warn").run(context -> assertThat(context).hasNotFailed());
        on(url).withPropertyValues("schema.registry.verify-on-start=none").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void flywayOnTheSameSchemaKeepsTheStarterOffUnlessAsked() {
        SchemaRegistryProperties properties = new SchemaRegistryProperties();
        MockEnvironment environment = new MockEnvironment();

        assertThat(FlywayGuard.conflict(properties, "public", environment, name -> true))
                .contains("Flyway (spring.flyway.*) migrates schema 'public' too").contains("schema.registry.alongside-flyway=true");
        assertThat(FlywayGuard.conflict(properties, "public", environment, name -> false)).isNull();
        assertThat(FlywayGuard.conflict(properties, "tenant_a", environment, name -> true)).isNull();
        assertThat(FlywayGuard.conflict(properties, "tenant_a",
                new MockEnvironment().withProperty("spring.flyway.schemas", "tenant_a,other"), name -> true)).isNotNull();
        assertThat(FlywayGuard.conflict(properties, "public",
                new MockEnvironment().withProperty("spring.flyway.enabled", "false"), name -> true)).isNull();
        properties.setAlongsideFlyway(true);
        assertThat(FlywayGuard.conflict(properties, "public", environment, name -> true)).isNull();
    }

    @Test
    void whenOffBecauseOfFlywayNothingIsAppliedAndTheReasonIsKept() {
        String url = Databases.fresh();
        SchemaRegistryMigration off = new SchemaRegistryMigration(
                io.kubernaut.schema.migrator.Migrator.using(url, Databases.user(), null), VerifyOnStart.WARN, "Flyway owns it");
        off.afterPropertiesSet();
        assertThat(off.offReason()).contains("Flyway owns it");
        assertThat(off.result()).isEmpty();
        assertThat(Databases.tableExists(url, "public", Defaults.HISTORY_TABLE)).isFalse();
    }
}
