package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.DataSources;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.Redaction;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** The database a command works on: one given by URL, or an embedded PostgreSQL it started. */
final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final String url;
    private final String user;
    private final PostgresServer started;

    private Database(DataSource dataSource, String url, String user, PostgresServer started) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
        this.started = started;
    }

    /**
     * The database at {@code url}; the password goes to the driver only. Connecting and logging in wait
     * at most {@code connectTimeout}, every later answer at most {@code socketTimeout} (zero: no limit).
     */
    static Database external(String url, String user, String password, Duration connectTimeout, Duration socketTimeout) {
        return new Database(DataSources.of(url, user, password, connectTimeout, socketTimeout), Redaction.redactUrl(url),
                user, null);
    }

    /** The maintenance database of a server started for the command, which {@link #close()} stops. */
    static Database started(PostgresServer server) {
        return new Database(server.dataSource(PostgresServer.MAINTENANCE_DATABASE),
                server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE), server.user(), server);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL without any password. */
    String url() {
        return url;
    }

    /** The user, or null when the URL or the driver decides. */
    String user() {
        return user;
    }

    /** The server started for the command, when this database is on one. */
    Optional<PostgresServer> started() {
        return Optional.ofNullable(started);
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
