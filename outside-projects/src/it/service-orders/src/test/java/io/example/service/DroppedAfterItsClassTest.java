package io.example.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kubernaut.schema.junit.SchemaTest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * JUnit 5.10 closes only Store.CloseableResource values: the database of the class before this one must
 * still be dropped when that class ends.
 */
@Order(2)
@SchemaTest(tables = "orders")
class DroppedAfterItsClassTest {

    @Test
    void theDatabaseOfTheClassBeforeIsDropped(DataSource dataSource) throws Exception {
        assertNotNull(OrdersTest.database);
        boolean exists = true;
        for (int attempt = 0; attempt < 100 && exists; attempt++) {   // dropped in the background
            try (var connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                statement.setString(1, OrdersTest.database);
                try (ResultSet result = statement.executeQuery()) {
                    exists = result.next();
                }
            }
            if (exists) {
                Thread.sleep(100);
            }
        }
        assertFalse(exists, OrdersTest.database + " was not dropped after its class");
    }
}
