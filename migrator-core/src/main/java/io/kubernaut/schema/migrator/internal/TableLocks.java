package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.MigrationFailedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bound on table-lock waits of migration statements: PostgreSQL's {@code lock_timeout}, the
 * pause before a retry, and the final error. A statement waiting for a lock (an {@code ALTER TABLE}
 * behind an application's open transaction) makes every later query on that table queue behind it;
 * the timeout ends the wait, so the queue drains, and a retry later tries again.
 *
 * @see <a href="https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT">lock_timeout</a>
 */
final class TableLocks {

    /** lock_not_available: raised by lock_timeout (and NOWAIT). */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private TableLocks() {
    }

    static boolean timedOut(MigrationFailedException e) {
        return LOCK_NOT_AVAILABLE.equals(e.sqlState());
    }

    /**
     * Sets the session's lock_timeout (call it in auto-commit mode, so no later rollback undoes it)
     * and returns the earlier value, for {@link #restore}: one round trip.
     */
    static String limit(Connection connection, Duration timeout) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_setting('lock_timeout'), set_config('lock_timeout', ?, false)")) {
            statement.setString(1, String.valueOf(timeout.toMillis()));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    static void restore(Connection connection, String setting) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            statement.setString(1, setting);
            statement.execute();
        }
    }

    /** The pause before retry {@code retry} (1 for the first): 0.5 s, doubling, at most 10 s. */
    static Duration pause(int retry) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(10, retry - 1));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }

    /**
     * The error once retrying is over: the migration, how often and how long it waited, who blocked it
     * (as last seen by the {@link BlockerWatch}), and what to do.
     */
    static MigrationFailedException gaveUp(MigrationFailedException last, int attempts, Duration timeout,
            boolean transactional, boolean retryable, List<BlockerWatch.Blocker> blockers) {
        StringBuilder message = new StringBuilder(last.serverMessage());
        message.append(": waited ").append(timeout.toMillis()).append(" ms (lock timeout) for a table lock");
        if (attempts > 1) {
            message.append(" in each of ").append(attempts).append(" attempts");
        } else if (!retryable) {
            message.append(", not retried (a non-transactional migration may have committed statements already, and"
                    + " an all-or-nothing run is retried as a whole by running it again)");
        }
        message.append(transactional ? "; its transaction was rolled back"
                : "; statements of it that ran before stay committed, and it is recorded as failed: the next run runs"
                        + " its idempotent script again");
        if (blockers.isEmpty()) {
            message.append("; the blocking session was not seen (see pg_locks and pg_stat_activity)");
        } else {
            message.append("; blocked by ").append(blockers.stream().map(BlockerWatch.Blocker::describe)
                    .collect(Collectors.joining(", ")));
        }
        message.append(". Let that session finish or end it (SELECT pg_terminate_backend(pid)), or run again with a"
                + " longer --lock-timeout or more --lock-retries");
        return new MigrationFailedException(last.family(), last.version(), last.script(), last.line(), last.sqlState(),
                message.toString(), last.statement(), last.getCause());
    }
}
