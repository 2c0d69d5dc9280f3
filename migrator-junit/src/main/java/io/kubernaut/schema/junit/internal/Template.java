package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.sql.Connection;
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
 * clone nor for the new database's first server process.
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
    private final BlockingQueue<Clone> ready = new LinkedBlockingQueue<>();
    // CREATE DATABASE ... TEMPLATE fails while another session uses the template, and a clone counts.
    private final ReentrantLock cloning = new ReentrantLock();
    /** The connection clones are made on; guarded by {@link #cloning}, opened on first use. */
    private Connection maintenance;
    private volatile boolean closed;

    /**
     * A database cloned from the template, and a connection to it opened ahead of time (null when the
     * clone was made on demand, or the connection could not be opened).
     */
    record Clone(String database, Connection opened) {
    }

    Template(PostgresServer server, String name, Supplier<String> names, int poolSize, ExecutorService background,
            CloneStrategy strategy, Function<String, DataSource> connections) {
        this.server = server;
        this.connections = connections;
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
            clone = new Clone(cloneNow(), null);
        }
        refill();
        return clone;
    }

    private void refill() {
        if (poolSize <= 0 || closed) {
            return;
        }
        background.execute(() -> {
            try {
                while (!closed && ready.size() < poolSize) {
                    String database = cloneNow();
                    ready.add(new Clone(database, open(database)));
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

    private String cloneNow() {
        String database = names.get();
        String sql = "CREATE DATABASE " + quote(database) + " TEMPLATE " + quote(name) + strategy.clause();
        cloning.lock();
        try {
            execute(sql);
        } catch (SQLException e) {
            throw new PostgresServerException("Cannot create database '" + database + "' from the template " + name
                    + " on the " + server.kind() + " PostgreSQL at " + server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE)
                    + ": " + e.getMessage(), e);
        } finally {
            cloning.unlock();
        }
        return database;
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
