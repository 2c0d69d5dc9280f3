package io.kubernaut.schema.postgres;

import io.kubernaut.schema.migrator.SchemaRegistryException;

/**
 * A PostgreSQL server could not be started, reached or used. The message says which server and
 * what to do; it never contains a password.
 *
 * @since 0.1.0
 */
public class PostgresServerException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public PostgresServerException(String message) {
        super(message);
    }

    public PostgresServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
