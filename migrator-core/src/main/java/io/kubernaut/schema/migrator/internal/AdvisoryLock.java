package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.LockTimeoutException;
import io.kubernaut.schema.migrator.MigrationListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * The session-level advisory lock that serializes migrators on one database and target schema.
 * Waiting uses PostgreSQL's own queue ({@code pg_advisory_lock} under {@code lock_timeout}), so a
 * waiter gets the lock the moment it is released, and the wait is bounded.
 *
 * @see <a href="https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS">Advisory locks</a>
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock key of a schema: stable across processes and versions. */
    public static long keyOf(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("schema_registry_history:" + schema).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the lock of {@code schema} on {@code connection} (in auto-commit mode), waiting at most
     * {@code wait}.
     *
     * @throws LockTimeoutException naming the holder when the wait ends first
     */
    public static AdvisoryLock acquire(Connection connection, String schema, Duration wait, MigrationListener listener)
            throws SQLException {
        long key = keyOf(schema);
        if (tryLock(connection, key)) {
            return new AdvisoryLock(connection, key);
        }
        LockHolder holder = holder(connection, key);
        if (wait.isZero()) {
            throw new LockTimeoutException(schema, wait, holder);
        }
        if (holder != null) {
            listener.waitingForLock(holder, wait);
        }
        long started = System.nanoTime();
        String previousTimeout = setting(connection, "lock_timeout");
        try {
            // lock_timeout is an int of milliseconds: a longer wait is as good as the longest one.
            set(connection, "lock_timeout", Math.min(Integer.MAX_VALUE, Math.max(1, wait.toMillis())) + "ms");
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                statement.setLong(1, key);
                statement.execute();
            }
            return new AdvisoryLock(connection, key);
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new LockTimeoutException(schema, Duration.ofNanos(System.nanoTime() - started), holder(connection, key));
            }
            throw e;
        } finally {
            set(connection, "lock_timeout", previousTimeout);
        }
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** The session holding the lock, or null. A bigint key shows in pg_locks as classid (high half), objid (low half), objsubid 1. */
    static LockHolder holder(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
                        + " coalesce(host(a.client_addr), ''), a.backend_start, coalesce(a.state, 'unknown'), a.state_change"
                        + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
                        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND l.classid = (?::bigint)::oid AND l.objid = (?::bigint)::oid")) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                return new LockHolder(result.getInt(1), result.getString(2), result.getString(3), result.getString(4),
                        result.getObject(5, OffsetDateTime.class), result.getString(6),
                        result.getObject(7, OffsetDateTime.class));
            }
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static void set(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.execute();
        }
    }

    /** Releases the lock; a lost connection released it already. */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.execute();
        }
    }
}
