package io.kubernaut.schema.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link SchemaRegistryMigration} initializes the database, so the beans that use
 * it (detected by Boot's {@code DependsOnDatabaseInitializationDetector}s) are created after it.
 * Registered in {@code META-INF/spring.factories}.
 */
final class SchemaRegistryDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(SchemaRegistryMigration.class);
    }
}
