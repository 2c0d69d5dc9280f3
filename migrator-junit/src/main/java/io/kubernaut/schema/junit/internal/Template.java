package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migrated template database and a few clones of it made ahead of demand in the background (as
 * IntegreSQL does), each with its first connection already open, so a test waits neither for the
 * clone nor for the new database's first server process. A database given back is reset by the
 * {@link Recycler} and handed out again when that is safe, else dropped.
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
    private final Function<String, DataSource> connections;
    private final boolean recycle;
    /** Read on the first clone made, before any test had it; null until then, or when reading failed. */
    private volatile Recycler recycler;
    private volatile boolean recyclerRead;
    private final BlockingQueue<Clone> ready = new LinkedBlockingQueue<>();
    // CREATE DATABASE ... TEMPLATE fails while another session uses the template, and a clone counts.
    private final ReentrantLock cloning = new ReentrantLock();
    /** The connection clones are made on; guarded by {@link #cloning}, opened on first use. */
    private Connection maintenance;
    private volatile boolean closed;

    /**
     * A database cloned from the template (or reset to what it holds), a connection to it opened ahead
     * of time (null when the clone was made on demand, or the connection could not be opened), and the
     * server's transaction id when it was made ({@link Recycler#mark}).
     */
    record Clone(String database, Connection opened, long mark) {
    }

    Template(PostgresServer server, String name, Supplier<String> names, int poolSize, ExecutorService background,
            CloneStrategy strategy, Function<String, DataSource> connections, boolean recycle) {
        this.server = server;
        this.connections = connections;
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
            clone = cloneNow();
            readRecycler(clone.database(), null);
        }
        refill();
        return clone;
    }

    /**
     * Takes back a database a test has finished with (its connections closed): reset and made ready
     * again when the {@link Recycler} finds that safe, else dropped; in the background.
     */
    void giveBack(Clone used) {
        background.execute(() -> {
            Recycler reset = recycler;
            if (!closed && reset != null) {
                Connection connection = open(used.database());
                try {
                    if (connection != null && noOtherSessions(connection) && reset.reset(connection, used.mark())) {
                        ready.add(new Clone(used.database(), connection, Recycler.mark(connection)));
                        return;
                    }
                } catch (SQLException | RuntimeException e) {
                    LOG.debug("Could not reset test database {}; dropping it: {}", used.database(), e.getMessage());
                }
                new FirstConnection(connections.apply(used.database()), connection).close();
            }
            drop(used.database());
        });
    }

    /**
     * Whether the test's connections are gone: a pool's close returns before the server has ended the
     * sessions, so give them a moment; one left open (a connection the test did not close) keeps the
     * database from being reused.
     */
    private static boolean noOtherSessions(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (int attempt = 0; attempt < 200; attempt++) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
                    result.next();
                    if (result.getInt(1) == 0) {
                        return true;
                    }
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Reads the {@link Recycler} from the first clone, before it is handed out; {@code opened} may be null. */
    private void readRecycler(String database, Connection opened) {
        if (!recycle || recyclerRead) {
            return;
        }
        synchronized (this) {
            if (recyclerRead) {
                return;
            }
            recyclerRead = true;
            try (Connection own = opened == null ? connections.apply(database).getConnection() : null) {
                recycler = Recycler.read(opened == null ? own : opened);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Test databases of {} will be dropped after use, not reused: {}", name, e.getMessage());
            }
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
                while (!closed && ready.size() < poolSize) {
                    Clone clone = cloneNow();
                    Connection opened = open(clone.database());
                    readRecycler(clone.database(), opened);
                    ready.add(new Clone(clone.database(), opened, clone.mark()));
                }
            } catch (RuntimeException e) {
                LOG.debug("Could not clone {} ahead of demand: {}", name, e.getMessage());
            }
        });
    }

    /** A first connection to a clone made ahead, so the test that takes it does not wait for one. */
    private Connection open(String database) {
        try {
            return connections.apply(database).getConnection();
        } catch (SQLException e) {
            LOG.debug("Could not open a connection to {} ahead of its test: {}", database, e.getMessage());
            return null;
        }
    }

    private Clone cloneNow() {
        String database = names.get();
        String sql = "CREATE DATABASE " + quote(database) + " TEMPLATE " + quote(name) + strategy.clause();
        cloning.lock();
        try {
            execute(sql);
            return new Clone(database, null, Recycler.mark(maintenance));
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

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
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
            new FirstConnection(connections.apply(clone.database()), clone.opened()).close();
            server.dropDatabase(clone.database());
        }
    }
}
