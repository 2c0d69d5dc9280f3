/**
 * Spring Boot auto-configuration of the schema registry: {@link io.kubernaut.schema.spring.SchemaRegistryAutoConfiguration}
 * applies the table families on the class path at start-up, configured by {@code schema.registry.*}.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.spring;
