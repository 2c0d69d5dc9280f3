package io.kubernaut.schema.postgres;

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
}
