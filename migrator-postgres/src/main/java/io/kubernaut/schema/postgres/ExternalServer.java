package io.kubernaut.schema.postgres;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A PostgreSQL server that already runs, given by a JDBC URL. Closing it does nothing to the server.
 *
 * @since 0.1.0
 */
public final class ExternalServer implements PostgresServer {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*)/([^?]*)(\\?.*)?");

    private final String base;
    private final String database;
    private final String parameters;
    private final String user;
    private final String password;

    /**
     * @param jdbcUrl  {@code jdbc:postgresql://host:port/database[?parameters]}; the database is
     *                 the one {@link #jdbcUrl(String)} falls back to
     * @param user     the user, or null for the URL's / driver's default
     * @param password the password, or null
     */
    public ExternalServer(String jdbcUrl, String user, String password) {
        Matcher matcher = URL.matcher(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        if (!matcher.matches()) {
            throw new PostgresServerException("Not a PostgreSQL JDBC URL: '" + Redaction.redactUrl(jdbcUrl)
                    + "'. Expected jdbc:postgresql://host:port/database");
        }
        this.base = matcher.group(1);
        this.database = matcher.group(2).isEmpty() ? MAINTENANCE_DATABASE : matcher.group(2);
        this.parameters = matcher.group(3) == null ? "" : matcher.group(3);
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    @Override
    public String kind() {
        return "external";
    }

    /** The database named in the URL this server was made from. */
    public String database() {
        return database;
    }

    @Override
    public String jdbcUrl(String database) {
        return Redaction.redactUrl(base + "/" + database + parameters);
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public DataSource dataSource(String database) {
        // The unredacted URL: a password given as a URL parameter must still reach the driver.
        return DataSources.of(base + "/" + database + parameters, user, password);
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
