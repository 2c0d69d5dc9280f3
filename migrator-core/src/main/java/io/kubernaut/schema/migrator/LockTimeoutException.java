package io.kubernaut.schema.migrator;

import java.time.Duration;
import java.util.Optional;

/**
 * Another migrator held the lock of the target schema for longer than the configured wait.
 *
 * @since 0.1.0
 */
public final class LockTimeoutException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final String schema;
    private final Duration waited;
    private final transient LockHolder holder;

    /**
     * @param schema the target schema whose lock was wanted
     * @param waited how long this migrator waited
     * @param holder the session holding the lock, or null when it released it in the meantime
     */
    public LockTimeoutException(String schema, Duration waited, LockHolder holder) {
        super("Timed out after " + waited.toMillis() + " ms waiting for the migration lock of schema '" + schema + "', held by "
                + (holder == null ? "a session that has since released it" : holder.describe())
                + ". Wait for that migrator to finish, raise the lock wait, or end that session"
                + (holder == null ? "" : " (SELECT pg_terminate_backend(" + holder.pid() + "))") + ".");
        this.schema = schema;
        this.waited = waited;
        this.holder = holder;
    }

    public String schema() {
        return schema;
    }

    public Duration waited() {
        return waited;
    }

    /** The session that held the lock when the wait ended, if it still did. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}
