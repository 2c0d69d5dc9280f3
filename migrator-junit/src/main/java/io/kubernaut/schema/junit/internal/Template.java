package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.postgres.PostgresServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A migrated template database and a few clones of it made ahead of demand in the background (as
 * IntegreSQL does), so a test gets a database without waiting even for the clone.
 */
final class Template {

    private static final Logger LOG = LoggerFactory.getLogger(Template.class);

    private final PostgresServer server;
    private final String name;
    private final Supplier<String> names;
    private final int poolSize;
    private final ExecutorService background;
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    // CREATE DATABASE ... TEMPLATE fails while another session uses the template, and a clone counts.
    private final ReentrantLock cloning = new ReentrantLock();
    private volatile boolean closed;

    Template(PostgresServer server, String name, Supplier<String> names, int poolSize, ExecutorService background) {
        this.server = server;
        this.name = name;
        this.names = names;
        this.poolSize = poolSize;
        this.background = background;
        refill();
    }

    String name() {
        return name;
    }

    /** A new database cloned from the template: one made ahead if there is one, else a new clone. */
    String take() {
        String database = ready.poll();
        if (database == null) {
            database = cloneNow();
        }
        refill();
        return database;
    }

    private void refill() {
        if (poolSize <= 0 || closed) {
            return;
        }
        background.execute(() -> {
            try {
                while (!closed && ready.size() < poolSize) {
                    ready.add(cloneNow());
                }
            } catch (RuntimeException e) {
                LOG.debug("Could not clone {} ahead of demand: {}", name, e.getMessage());
            }
        });
    }

    private String cloneNow() {
        String database = names.get();
        cloning.lock();
        try {
            server.createDatabase(database, name);
        } finally {
            cloning.unlock();
        }
        return database;
    }

    /** Stops making clones ahead of demand. */
    void stopRefilling() {
        closed = true;
    }

    /** Drops the clones nobody took; call after the background work ended. */
    void close() {
        closed = true;
        String database;
        while ((database = ready.poll()) != null) {
            server.dropDatabase(database);
        }
    }
}
