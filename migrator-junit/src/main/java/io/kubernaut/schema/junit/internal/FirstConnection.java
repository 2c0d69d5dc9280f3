package io.kubernaut.schema.junit.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out a connection opened ahead of time first (by the background work that
 * cloned the database), then new ones from {@code target}. A fresh database's first connection is the
 * slow one (a server process, and the catalog caches built from nothing); opened while the previous test
 * class ran, it costs the next class nothing.
 */
final class FirstConnection implements DataSource, AutoCloseable {

    private final DataSource target;
    private final AtomicReference<Connection> opened;

    FirstConnection(DataSource target, Connection opened) {
        this.target = target;
        this.opened = new AtomicReference<>(opened);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection first = opened.getAndSet(null);
        if (first != null && !first.isClosed()) {
            return first;
        }
        return target.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return target.getConnection(user, password);
    }

    /** Closes the connection opened ahead if nobody took it. */
    @Override
    public void close() {
        Connection first = opened.getAndSet(null);
        if (first != null) {
            try {
                first.close();
            } catch (SQLException e) {
                // The database is dropped next, which ends the session anyway.
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target.isWrapperFor(type);
    }
}
