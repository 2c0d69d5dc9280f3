package io.kubernaut.schema.spring;

import io.kubernaut.schema.migrator.AheadPolicy;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Applies the table families on the class path to the application's database at start-up (see
 * {@link SchemaRegistryMigration}), configured by {@link SchemaRegistryProperties}.
 *
 * <p>Ordering uses Spring Boot's own mechanism: a {@code DatabaseInitializerDetector} names
 * {@link SchemaRegistryMigration} a database initializer, and the imported
 * {@link DatabaseInitializationDependencyConfigurer} makes the beans that use the database depend on it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Migrator.class)
@ConditionalOnProperty(prefix = "schema.registry", name = "enabled", matchIfMissing = true)
@Conditional(SchemaRegistryAutoConfiguration.DatabaseCondition.class)
@EnableConfigurationProperties(SchemaRegistryProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class SchemaRegistryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryMigration schemaRegistryMigration(SchemaRegistryProperties properties, ObjectProvider<DataSource> dataSource,
            ObjectProvider<JdbcConnectionDetails> connectionDetails, ObjectProvider<SchemaRegistryCustomizer> customizers,
            ResourceLoader resourceLoader, Environment environment) {
        MigrationConfig.Builder config = MigrationConfig.builder()
                .schema(properties.getSchema())
                .tables(properties.getTables())
                .families(properties.getFamilies())
                .allOrNothing(properties.isAllOrNothing())
                .lockWait(properties.getLockWait())
                .lockTimeout(properties.getLockTimeout())
                .lockRetries(properties.getLockRetries())
                .outOfOrder(properties.isOutOfOrder())
                .aheadPolicy(properties.isAllowAhead() ? AheadPolicy.ALLOW : AheadPolicy.REFUSE);
        customizers.orderedStream().forEach(customizer -> customizer.customize(config));
        MigrationConfig built = config.build();
        Migrator migrator = migrator(properties, dataSource, connectionDetails)
                .withCatalog(SchemaCatalog.discover(resourceLoader.getClassLoader()))
                .withConfig(built);
        return new SchemaRegistryMigration(migrator, properties.getVerifyOnStart(),
                FlywayGuard.conflict(properties, built.schema(), environment, resourceLoader.getClassLoader()));
    }

    /** {@code schema.registry.url}'s database; else the application's, as {@code schema.registry.user} if set. */
    private static Migrator migrator(SchemaRegistryProperties properties, ObjectProvider<DataSource> dataSource,
            ObjectProvider<JdbcConnectionDetails> connectionDetails) {
        if (properties.getUrl() != null) {
            return Migrator.using(properties.getUrl(), properties.getUser(), properties.getPassword());
        }
        if (properties.getUser() != null) {
            JdbcConnectionDetails application = connectionDetails.getIfAvailable();
            if (application == null) {
                throw new IllegalStateException("schema.registry.user is set without schema.registry.url, and the"
                        + " application has no spring.datasource.url to connect to as that user: set schema.registry.url");
            }
            return Migrator.using(application.getJdbcUrl(), properties.getUser(), properties.getPassword());
        }
        return Migrator.using(dataSource.getObject());
    }

    /** A DataSource bean to migrate, or a URL of its own. */
    static final class DatabaseCondition extends AnyNestedCondition {

        DatabaseCondition() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        private static final class DataSourceBean {
        }

        @ConditionalOnProperty(prefix = "schema.registry", name = "url")
        private static final class MigrationUrl {
        }
    }
}
