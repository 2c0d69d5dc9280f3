package io.kubernaut.schema.junit.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.kubernaut.schema.postgres.DatabaseStatements;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migrated template database and a few clones of it made ahead of demand in the background (as
 * IntegreSQL does), each with its connection pool and the pool's first connection already open, so a
 * test waits neither for the clone nor for the new database's first server process. A database given
 * back is reset by the {@link Recycler} and handed out again, with its pool and the pool's connections,
 * when that is safe; else its pool is closed and it is dropped. A database lives with its pool: the
 * server processes behind the pool's connections keep what they cached of the database (its tables,
 * indexes, compiled trigger functions) for the next class, which a new connection would build again.
 *
 * <p>Clones are made on one maintenance connection kept open for the purpose (opening one per clone
 * cost a third of a clone), with the {@link CloneStrategy} the run chose for the server. Figures in
 * docs/benchmarks.md.
 */
final class Template {

    private static final Logger LOG = LoggerFactory.getLogger(Template.class);

    private final PostgresServer server;
    private final String name;
    private final Supplier<String> names;
    private final int poolSize;
    private final ExecutorService background;
    private final CloneStrategy strategy;
    private final Function<String, HikariDataSource> pools;
    private final boolean recycle;
    /** Read on the first clone made, before any test had it; null until then, or when reading failed. */
    private volatile Recycler recycler;
    private volatile boolean recyclerRead;
    private final BlockingQueue<Clone> ready = new LinkedBlockingQueue<>();
    /** Databases given back and not yet reset or dropped: ready soon, so no reason to clone another. */
    private final AtomicInteger resetting = new AtomicInteger();
    // CREATE DATABASE ... TEMPLATE fails while another session uses the template, and a clone counts.
    private final ReentrantLock cloning = new ReentrantLock();
    /** The connection clones are made on; guarded by {@link #cloning}, opened on first use. */
    private Connection maintenance;
    private volatile boolean closed;

    /**
     * A database cloned from the template (or reset to what it holds), its connection pool, and how it was
     * when handed out ({@link Recycler#mark}; null when it is not to be reused).
     */
    record Clone(String database, HikariDataSource pool, Recycler.Mark mark) {
    }

    /**
     * @param pools a new connection pool to the named database, with the schema as search path
     */
    Template(PostgresServer server, String name, Supplier<String> names, int poolSize, ExecutorService background,
            CloneStrategy strategy, Function<String, HikariDataSource> pools, boolean recycle) {
        this.server = server;
        this.pools = pools;
        this.recycle = recycle;
        this.name = name;
        this.names = names;
        this.poolSize = poolSize;
        this.background = background;
        this.strategy = strategy;
        refill();
    }

    String name() {
        return name;
    }

    /** A new database cloned from the template: one made ahead if there is one, else a new clone. */
    Clone take() {
        Clone clone = ready.poll();
        if (clone == null) {
            clone = prepare(cloneNow());
        }
        refill();
        return clone;
    }

    /**
     * A pool for a new clone, with its first connection open: on it the {@link Recycler} is read if this is
     * the first clone, and the clone marked.
     */
    private Clone prepare(String database) {
        HikariDataSource pool = pools.apply(database);
        Recycler.Mark mark = null;
        try (Connection first = pool.getConnection()) {
            readRecycler(first);
            Recycler reset = recycler;
            mark = reset == null ? null : reset.mark(first);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not open a connection to {} ahead of its test: {}", database, e.getMessage());
        }
        return new Clone(database, pool, mark);
    }

    /**
     * Takes back a database a test has finished with: reset and made ready again, with its pool, when the
     * {@link Recycler} finds that safe, else its pool closed and the database dropped; in the background.
     *
     * @param exact whether the test may have connected to it by itself, not only through its pool
     *              ({@link Recycler#reset})
     */
    void giveBack(Clone used, boolean exact) {
        resetting.incrementAndGet();
        background.execute(() -> {
            try {
                Recycler.Mark mark = closed || recycler == null || used.mark() == null ? null : reset(used, exact);
                if (mark != null) {
                    ready.add(new Clone(used.database(), used.pool(), mark));
                    return;
                }
                used.pool().close();
                drop(used.database());
            } finally {
                resetting.decrementAndGet();
            }
        });
    }

    /**
     * Resets a database given back on a connection of its pool, once every connection the test took is
     * back in the pool and its session ended ({@link Recycler#endSession}); the new mark, or null when the
     * database is to be dropped.
     */
    private Recycler.Mark reset(Clone used, boolean exact) {
        HikariDataSource pool = used.pool();
        List<Connection> borrowed = new ArrayList<>();
        try {
            if (!allReturned(pool)) {
                LOG.debug("Test database {} is dropped rather than reused: a connection the test took was not closed",
                        used.database());
                return null;
            }
            // Every pooled connection, so that each one's session is ended and its counters published.
            int idle = Math.max(1, pool.getHikariPoolMXBean().getIdleConnections());
            Set<Integer> pids = new HashSet<>();
            for (int i = 0; i < idle; i++) {
                Connection connection = pool.getConnection();
                borrowed.add(connection);
                pids.add(connection.unwrap(PGConnection.class).getBackendPID());
                recycler.endSession(connection);
            }
            Connection connection = borrowed.get(0);
            int others = otherSessions(connection, pids);
            if (others < 0) {
                LOG.debug("Test database {} is dropped rather than reused: a session the test opened is still connected",
                        used.database());
                return null;
            }
            return recycler.reset(connection, used.mark(), exact || others > 0);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not reset test database {}; dropping it: {}", used.database(), e.getMessage());
            return null;
        } finally {
            for (Connection connection : borrowed) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("Giving back a connection to {}: {}", used.database(), e.getMessage());
                }
            }
        }
    }

    /**
     * Whether the pool is open and holds every connection it handed out: a test's connection is given
     * back when its store is closed, which may come just after the database's; give it a moment.
     */
    private static boolean allReturned(HikariDataSource pool) {
        for (int attempt = 0; attempt < 200 && !pool.isClosed(); attempt++) {
            if (pool.getHikariPoolMXBean().getActiveConnections() == 0) {
                return true;
            }
            pause();
        }
        return false;
    }

    /**
     * How many sessions other than the pool's ({@code pids}) were seen on the database: they must end before
     * it is reset (give them a moment: a closed connection's server process ends a little later); -1 if one
     * is still connected after that (a connection the test opened by itself and did not close).
     */
    private static int otherSessions(Connection connection, Set<Integer> pids) throws SQLException {
        String ours = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
        int seen = 0;
        try (Statement statement = connection.createStatement()) {
            for (int attempt = 0; attempt < 200; attempt++) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid NOT IN (" + ours + ") AND backend_type = 'client backend'")) {
                    result.next();
                    int count = result.getInt(1);
                    if (count == 0) {
                        return seen;
                    }
                    seen = Math.max(seen, count);
                }
                pause();
            }
        }
        return -1;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the {@link Recycler} from the first clone, before it is handed out. */
    private void readRecycler(Connection pristine) {
        if (!recycle || recyclerRead) {
            return;
        }
        synchronized (this) {
            if (recyclerRead) {
                return;
            }
            try {
                recycler = Recycler.read(pristine);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Test databases of {} will be dropped after use, not reused: {}", name, e.getMessage());
            }
            // Only now: a clone prepared meanwhile must wait for the Recycler to mark it, or it could not be reused.
            recyclerRead = true;
        }
    }

    private void drop(String database) {
        try {
            server.dropDatabase(database);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop test database {}: {}", database, e.getMessage());
        }
    }

    private void refill() {
        if (poolSize <= 0 || closed) {
            return;
        }
        background.execute(() -> {
            try {
                while (!closed && ready.size() + resetting.get() < poolSize) {
                    ready.add(prepare(cloneNow()));
                }
            } catch (RuntimeException e) {
                LOG.debug("Could not clone {} ahead of demand: {}", name, e.getMessage());
            }
        });
    }

    /** Clones the template; the new database's name. */
    private String cloneNow() {
        String database = names.get();
        String sql = DatabaseStatements.copy(database, name, strategy.keyword());
        cloning.lock();
        try {
            execute(sql);
            return database;
        } catch (SQLException e) {
            throw new PostgresServerException("Cannot create database '" + database + "' from the template " + name
                    + " on the " + server.kind() + " PostgreSQL at " + server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE)
                    + ": " + e.getMessage(), e);
        } finally {
            cloning.unlock();
        }
    }

    /**
     * Runs {@code sql} on the kept connection; once more on a new one if the kept one was lost while
     * idle (server restarted, session terminated, idle timeout of a proxy).
     */
    private void execute(String sql) throws SQLException {
        boolean kept = maintenance != null;
        try {
            run(sql);
        } catch (SQLException e) {
            boolean lost = kept && connectionLost(e);
            closeMaintenance();
            if (!lost) {
                throw e;
            }
            LOG.debug("The connection clones of {} are made on was lost ({}); reconnecting", name, e.getMessage());
            run(sql);
        }
    }

    /** SQLSTATE class 08 (connection exception), 57P01..03 (terminated, shutting down), or closed by the driver. */
    private boolean connectionLost(SQLException e) throws SQLException {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0")) || maintenance.isClosed();
    }

    private void run(String sql) throws SQLException {
        if (maintenance == null) {
            maintenance = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
        }
        try (Statement statement = maintenance.createStatement()) {
            statement.execute(sql);
        }
    }

    private void closeMaintenance() {
        if (maintenance != null) {
            try {
                maintenance.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection clones of {} were made on: {}", name, e.getMessage());
            }
            maintenance = null;
        }
    }

    /** Stops making clones ahead of demand. */
    void stopRefilling() {
        closed = true;
    }

    /** Drops the clones nobody took; call after the background work ended. */
    void close() {
        closed = true;
        cloning.lock();
        try {
            closeMaintenance();
        } finally {
            cloning.unlock();
        }
        Clone clone;
        while ((clone = ready.poll()) != null) {
            clone.pool().close();
            server.dropDatabase(clone.database());
        }
    }
}
