package io.kubernaut.schema.migrator;

/**
 * The database cannot be reached or used: connection refused, authentication failed, unknown
 * database, connection lost during the run.
 *
 * @since 0.1.0
 */
public class DatabaseUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
