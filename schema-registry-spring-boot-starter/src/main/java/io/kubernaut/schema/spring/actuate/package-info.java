/**
 * The schema registry in Spring Boot's actuator: the {@code schemaregistry} endpoint and health contributor.
 *
 * @since 0.1.0
 */
package io.kubernaut.schema.spring.actuate;
