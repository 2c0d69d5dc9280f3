package io.example.junit6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.kubernaut.schema.junit.Isolation;
import io.kubernaut.schema.junit.SchemaDatabase;
import io.kubernaut.schema.junit.SchemaTest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * On JUnit 6 the constructor of a per-method class reaches the method's own database, and the database of
 * the class before this one was dropped when it ended (the store closes AutoCloseable values).
 */
@Order(2)
@SchemaTest(tables = "audit_events", isolation = Isolation.PER_METHOD)
class PerMethodTest {

    private final String constructorDatabase;

    PerMethodTest(DSLContext dsl) {
        constructorDatabase = dsl.fetchValue(org.jooq.impl.DSL.field("current_database()", String.class));
    }

    @Test
    void theConstructorGetsTheMethodsDatabase(SchemaDatabase info) {
        assertEquals(info.database(), constructorDatabase);
    }

    @Test
    void theDatabaseOfTheClassBeforeIsDropped(DataSource dataSource) throws Exception {
        assertNotNull(AuditTrailTest.database);
        boolean exists = true;
        for (int attempt = 0; attempt < 100 && exists; attempt++) {   // dropped in the background
            try (var connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                statement.setString(1, AuditTrailTest.database);
                try (ResultSet result = statement.executeQuery()) {
                    exists = result.next();
                }
            }
            if (exists) {
                Thread.sleep(100);
            }
        }
        assertFalse(exists, AuditTrailTest.database + " was not dropped after its class");
    }
}
