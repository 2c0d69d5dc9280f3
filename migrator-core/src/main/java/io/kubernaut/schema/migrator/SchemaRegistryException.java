package io.kubernaut.schema.migrator;

/**
 * The root of every error the migrator raises. Callers branch on the subtypes, each of which carries
 * the data of its case: {@link ConfigurationException}, {@link ConflictException},
 * {@link MigrationFailedException}, {@link DatabaseUnavailableException} and
 * {@link LockTimeoutException}. Messages say what, where and what to do, and never contain a password.
 *
 * @since 0.1.0
 */
public abstract class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected SchemaRegistryException(String message) {
        super(message);
    }

    protected SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
