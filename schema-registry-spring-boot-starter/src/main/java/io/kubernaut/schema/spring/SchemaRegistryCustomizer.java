package io.kubernaut.schema.spring;

import io.kubernaut.schema.migrator.MigrationConfig;

/**
 * A bean that adjusts the configuration the starter built from {@code schema.registry.*} before the
 * families are applied (for what properties cannot say). Every customizer bean is called, in
 * {@code @Order}, on the same builder.
 *
 * <pre>
 * &#64;Bean
 * SchemaRegistryCustomizer tenantSchema(TenantSettings tenant) {
 *     return config -&gt; config.schema(tenant.schema());
 * }
 * </pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SchemaRegistryCustomizer {

    /** Changes {@code config}, which holds the values of the properties. */
    void customize(MigrationConfig.Builder config);
}
