package io.kubernaut.schema.postgres;

import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Builds pgjdbc data sources without putting the password into a URL, so URLs can be shown.
 *
 * @since 0.1.0
 */
public final class DataSources {

    private DataSources() {
    }

    /**
     * A data source for a {@code jdbc:postgresql:} URL; {@code user} and {@code password} may be
     * null to use what the URL or the driver's defaults give.
     */
    public static DataSource of(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        if (user != null && !user.isEmpty()) {
            dataSource.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            dataSource.setPassword(password);
        }
        if (dataSource.getApplicationName() == null || dataSource.getApplicationName().startsWith("PostgreSQL JDBC")) {
            dataSource.setApplicationName("schema-migrator");
        }
        return dataSource;
    }

    /**
     * As {@link #of(String, String, String)}, with bounded waits: {@code connectTimeout} for the TCP
     * connection and, again, for the server to answer the login (a server that accepts connections but
     * never answers would otherwise hang the caller), {@code socketTimeout} for every later answer.
     * Zero means no limit; sub-second values count as one second (pgjdbc takes whole seconds). A
     * property the URL sets itself wins.
     *
     * @see <a href="https://jdbc.postgresql.org/documentation/use/#connection-parameters">pgjdbc connection parameters</a>
     */
    public static DataSource of(String jdbcUrl, String user, String password, Duration connectTimeout,
            Duration socketTimeout) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) of(jdbcUrl, user, password);
        Properties inUrl = Driver.parseURL(jdbcUrl, null);
        if (!named(inUrl, "connectTimeout")) {
            dataSource.setConnectTimeout(seconds(connectTimeout));
        }
        if (!named(inUrl, "loginTimeout")) {
            dataSource.setLoginTimeout(seconds(connectTimeout));
        }
        if (!named(inUrl, "socketTimeout")) {
            dataSource.setSocketTimeout(seconds(socketTimeout));
        }
        if (!named(inUrl, "tcpKeepAlive")) {
            dataSource.setTcpKeepAlive(true); // a peer gone without a word is noticed, also between statements
        }
        return dataSource;
    }

    private static boolean named(Properties inUrl, String property) {
        return inUrl != null && inUrl.containsKey(property);
    }

    private static int seconds(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return 0;
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
