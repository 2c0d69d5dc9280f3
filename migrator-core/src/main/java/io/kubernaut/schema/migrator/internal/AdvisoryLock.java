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
 * A waiter polls with {@code pg_try_advisory_lock} (every few milliseconds at first, then every
 * 100 ms) until the bounded wait ends, rather than blocking in {@code pg_advisory_lock}: a session
 * blocked in a statement holds a snapshot, and {@code CREATE INDEX CONCURRENTLY} in the holder's
 * non-transactional migration waits for every older snapshot while the waiter waits for the
 * holder's lock, a deadlock that PostgreSQL breaks by failing one of them (see WaitingMigratorTest).
 *
 * @see <a href="https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS">Advisory locks</a>
 * @see <a href="https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY">Building indexes concurrently</a>
 */
public final class AdvisoryLock implements AutoCloseable {

    private static final long MAX_PAUSE_MILLIS = 100;
    private static final Duration LONGEST_WAIT = Duration.ofDays(36_500);

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
            listener.lockAcquired(schema, Duration.ZERO);
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
        // A wait of centuries is as good as one of a hundred years (and toNanos() cannot overflow then).
        long waitNanos = wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT.toNanos() : wait.toNanos();
        long pauseMillis = 2;
        while (!tryLock(connection, key)) {
            long remaining = waitNanos - (System.nanoTime() - started);
            if (remaining <= 0) {
                throw new LockTimeoutException(schema, Duration.ofNanos(System.nanoTime() - started), holder(connection, key));
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pauseMillis, remaining / 1_000_000)));
            } catch (InterruptedException e) {
                // The caller gave up waiting: end the wait as a timeout would, keeping the interrupt.
                Thread.currentThread().interrupt();
                throw new LockTimeoutException(schema, Duration.ofNanos(System.nanoTime() - started), holder(connection, key));
            }
            pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
        }
        listener.lockAcquired(schema, Duration.ofNanos(System.nanoTime() - started));
        return new AdvisoryLock(connection, key);
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

    /**
     * Releases the lock; a lost connection released it already (the session ended), which must not
     * turn a run whose migrations all committed into a failure.
     */
    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.execute();
        } catch (SQLException e) {
            if (!ScriptRunner.isConnectionLoss(e)) {
                throw e;
            }
        }
    }
}
