package io.kubernaut.schema.migrator.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches, from a second connection, which sessions block the migrator's session while a migration
 * runs, so a lock timeout can name them: once PostgreSQL has cancelled the waiting statement, the
 * wait (and with it {@code pg_blocking_pids}) is gone. The second connection is opened only when a
 * migration runs longer than a third of the lock timeout; quick migrations never pay for it.
 *
 * @see <a href="https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-SESSION">pg_blocking_pids</a>
 */
final class BlockerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockerWatch.class);
    private static final String BLOCKERS = "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''),"
            + " coalesce(a.query, '') FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids(?)) ORDER BY a.pid";

    private final DataSource dataSource;
    private final int watchedPid;
    private final long delayMillis;
    private final long periodMillis;
    private ScheduledExecutorService executor;
    /** Used by the executor's thread only. */
    private Connection probe;
    private boolean probeUnusable;
    private volatile List<Blocker> lastSeen = List.of();

    private BlockerWatch(DataSource dataSource, int watchedPid, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.watchedPid = watchedPid;
        long timeout = lockTimeout.isZero() ? 3_000 : lockTimeout.toMillis();
        this.delayMillis = Math.max(1, timeout / 3);
        this.periodMillis = Math.max(20, Math.min(250, timeout / 5));
    }

    /** A watch of {@code connection}'s session; -1 as pid (unknown) makes a watch that sees nothing. */
    static BlockerWatch of(DataSource dataSource, Connection connection, Duration lockTimeout) throws SQLException {
        return new BlockerWatch(dataSource, pidOf(connection), lockTimeout);
    }

    private static int pidOf(Connection connection) throws SQLException {
        if (connection.isWrapperFor(PGConnection.class)) {
            return connection.unwrap(PGConnection.class).getBackendPID();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Starts watching until the returned handle is closed; what it sees replaces {@link #lastSeen()} when not empty. */
    Watching start() {
        if (executor == null) {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "schema-migrator-blocker-watch");
                thread.setDaemon(true);
                return thread;
            });
        }
        ScheduledFuture<?> polling = executor.scheduleWithFixedDelay(this::poll, delayMillis, periodMillis,
                TimeUnit.MILLISECONDS);
        return () -> polling.cancel(false);
    }

    /** The sessions seen blocking the migrator most recently; empty when none was seen. */
    List<Blocker> lastSeen() {
        return lastSeen;
    }

    private void poll() {
        if (probeUnusable) {
            return;
        }
        try {
            if (probe == null) {
                probe = dataSource.getConnection();
                // A data source handing out the migrator's own connection (a single-connection one) cannot watch it.
                if (!probe.isWrapperFor(PGConnection.class) || probe.unwrap(PGConnection.class).getBackendPID() == watchedPid) {
                    probe = null; // not ours to close
                    probeUnusable = true;
                    return;
                }
            }
            List<Blocker> seen = new ArrayList<>();
            try (PreparedStatement statement = probe.prepareStatement(BLOCKERS)) {
                statement.setInt(1, watchedPid);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        seen.add(new Blocker(result.getInt(1), result.getString(2), result.getString(3), result.getString(4)));
                    }
                }
            }
            if (!seen.isEmpty()) {
                lastSeen = List.copyOf(seen);
            }
        } catch (SQLException | RuntimeException e) {
            // Naming the blocker is a courtesy: without it the lock timeout is still reported.
            LOG.debug("Cannot see which sessions block the migrator: {}", e.getMessage());
            probeUnusable = true;
            closeProbe();
        }
    }

    /** Stops watching and closes the second connection. */
    @Override
    public void close() {
        if (executor == null) {
            return;
        }
        executor.execute(this::closeProbe);
        executor.shutdown();
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException ignored) {
                // Closing a connection only used to look: nothing to do.
            }
            probe = null;
        }
    }

    /** An attempt being watched. */
    interface Watching extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A session that blocked the migrator.
     *
     * @param pid             its backend pid
     * @param applicationName its application_name (may be empty)
     * @param state           its state ({@code idle in transaction}, {@code active}, ...)
     * @param query           its current or last query
     */
    record Blocker(int pid, String applicationName, String state, String query) {

        String describe() {
            String text = query.strip().replaceAll("\\s+", " ");
            return "pid " + pid + " (application_name '" + applicationName + "', " + state + ", query: "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + ")";
        }
    }
}
