package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.postgres.ServerChoice;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The extension's settings: a JUnit configuration parameter (which JUnit also looks up as a system
 * property and in junit-platform.properties), else an environment variable named like the key in
 * upper case with dots and dashes as underscores ({@code schema.test.jdbc-url} is
 * {@code SCHEMA_TEST_JDBC_URL}).
 */
public final class Settings {

    public static final String SERVER = "schema.test.server";
    public static final String JDBC_URL = "schema.test.jdbc-url";
    public static final String USER = "schema.test.user";
    public static final String PASSWORD = "schema.test.password";
    public static final String IMAGE = "schema.test.postgres-image";
    public static final String REQUIRE_DOCKER = "schema.test.require-docker";
    public static final String POOL_SIZE = "schema.test.pool-size";
    public static final String CLONE_STRATEGY = "schema.test.clone-strategy";
    public static final String CONNECTIONS = "schema.test.connections";
    public static final String RECYCLE = "schema.test.recycle";

    private final Function<String, Optional<String>> parameters;
    private final Function<String, String> environment;

    public Settings(Function<String, Optional<String>> parameters, Function<String, String> environment) {
        this.parameters = parameters;
        this.environment = environment;
    }

    /** The value of {@code key}, if set and not blank. */
    public Optional<String> get(String key) {
        Optional<String> value = parameters.apply(key).filter(v -> !v.isBlank());
        if (value.isPresent()) {
            return value.map(String::trim);
        }
        String fromEnvironment = environment.apply(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        return fromEnvironment == null || fromEnvironment.isBlank() ? Optional.empty() : Optional.of(fromEnvironment.trim());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public boolean flag(String key) {
        return get(key).map(Boolean::parseBoolean).orElse(false);
    }

    /**
     * The server these settings choose (see {@link ServerChoice#choose}); Docker is asked only when the
     * choice depends on it.
     *
     * @throws ConfigurationException for an unknown {@link #SERVER}, or {@code external} without {@link #JDBC_URL}
     */
    public ServerChoice serverChoice(BooleanSupplier dockerAvailable) {
        return ServerChoice.choose(new ServerChoice.Settings(get(SERVER, null), get(JDBC_URL, null), get(USER, null),
                        get(PASSWORD, null), get(IMAGE, null)), dockerAvailable,
                new ServerChoice.SettingNames(SERVER, JDBC_URL, "SCHEMA_TEST_JDBC_URL"));
    }

    public int number(String key, int defaultValue) {
        String value = get(key, String.valueOf(defaultValue));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a number, was '" + value + "'");
        }
    }
}
