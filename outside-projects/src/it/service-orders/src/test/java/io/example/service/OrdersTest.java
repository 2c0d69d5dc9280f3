package io.example.service;

import static io.example.orders.Tables.ORDERS;
import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernaut.schema.junit.SchemaDatabase;
import io.kubernaut.schema.junit.SchemaTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The family this team built, with the family it requires, in a test database of its own. */
@Order(1)
@SchemaTest(tables = "orders")
class OrdersTest {

    static volatile String database;

    @Test
    void ordersAndTheRequiredAuditEventsAreThere(DSLContext dsl, SchemaDatabase info) {
        database = info.database();
        dsl.insertInto(ORDERS).set(ORDERS.CORRELATION_ID, "c-1").set(ORDERS.AMOUNT, new BigDecimal("12.50")).execute();
        dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.CORRELATION_ID, "c-1").set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();

        assertEquals(1, dsl.fetchCount(ORDERS, ORDERS.CORRELATION_ID.eq("c-1")));
        assertEquals(1, dsl.fetchCount(AUDIT_EVENTS));
    }

    @Test
    void theDataSourceIsPooled(DataSource dataSource) throws Exception {
        assertEquals(backend(dataSource), backend(dataSource));
    }

    static int backend(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet result = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            assertTrue(result.next());
            return result.getInt(1);
        }
    }
}
