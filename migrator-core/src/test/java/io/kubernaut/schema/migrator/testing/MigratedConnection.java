package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.Migrator;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the families' behaviour tests: before each test, a new database on the {@link TestPostgres}
 * server with every family on the test class path applied, and one connection to it, closed after the
 * test. When the server is skipped (the Testcontainers run without Docker), so is the test.
 *
 * <pre>
 * &#64;RegisterExtension
 * final MigratedConnection database = new MigratedConnection();
 * </pre>
 */
public final class MigratedConnection implements BeforeEachCallback, AfterEachCallback {

    private Connection connection;

    /** The connection of the running test. */
    public Connection get() {
        if (connection == null) {
            throw new IllegalStateException("MigratedConnection is open only while a test runs");
        }
        return connection;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Migrator.using(database.dataSource()).apply();
        connection = database.dataSource().getConnection();
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
