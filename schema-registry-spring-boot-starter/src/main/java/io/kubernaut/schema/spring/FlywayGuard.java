package io.kubernaut.schema.spring;

import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Keeps the starter off a schema Flyway's auto-configuration also migrates: two tools applying DDL to
 * one schema, each with its own history, is how copies drift. Read from the environment, so Flyway's
 * classes are never loaded.
 */
final class FlywayGuard {

    private FlywayGuard() {
    }

    /** Why the starter must stay off {@code schema}, or null when it may apply. */
    static String conflict(SchemaRegistryProperties properties, String schema, Environment environment,
            ClassLoader classLoader) {
        return conflict(properties, schema, environment, name -> ClassUtils.isPresent(name, classLoader));
    }

    /** {@link #conflict(SchemaRegistryProperties, String, Environment, ClassLoader)} with {@code present} telling which classes exist. */
    static String conflict(SchemaRegistryProperties properties, String schema, Environment environment,
            Predicate<String> present) {
        if (properties.isAlongsideFlyway() || !present.test("org.flywaydb.core.Flyway")
                || !environment.getProperty("spring.flyway.enabled", Boolean.class, true)) {
            return null;
        }
        String flyway = environment.getProperty("spring.flyway.default-schema");
        if (flyway == null) {
            String[] schemas = environment.getProperty("spring.flyway.schemas", String[].class, new String[0]);
            // Without either, Flyway migrates the connection's current schema: public on a default search_path.
            flyway = schemas.length > 0 ? schemas[0] : "public";
        }
        if (!flyway.trim().toLowerCase(Locale.ROOT).equals(schema.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "Flyway (spring.flyway.*) migrates schema '" + flyway.trim() + "' too: set spring.flyway.enabled=false,"
                + " another schema.registry.schema, or schema.registry.alongside-flyway=true to apply the families anyway";
    }
}
