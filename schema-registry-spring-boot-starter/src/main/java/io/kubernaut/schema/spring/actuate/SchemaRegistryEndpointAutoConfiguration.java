package io.kubernaut.schema.spring.actuate;

import io.kubernaut.schema.spring.SchemaRegistryAutoConfiguration;
import io.kubernaut.schema.spring.SchemaRegistryMigration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's view of the schema registry, when the application has the actuator:
 * {@link SchemaRegistryEndpoint} and {@link SchemaRegistryHealthIndicator}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SchemaRegistryAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(SchemaRegistryMigration.class)
public class SchemaRegistryEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    SchemaRegistryEndpoint schemaRegistryEndpoint(SchemaRegistryMigration migration) {
        return new SchemaRegistryEndpoint(migration);
    }

    @Bean
    @ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("schemaregistry")
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(SchemaRegistryMigration migration) {
        return new SchemaRegistryHealthIndicator(migration);
    }
}
