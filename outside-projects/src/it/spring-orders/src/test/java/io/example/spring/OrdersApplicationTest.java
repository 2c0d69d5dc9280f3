package io.example.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernaut.schema.postgres.EmbeddedServer;
import java.math.BigDecimal;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class OrdersApplicationTest {

    static final EmbeddedServer SERVER = EmbeddedServer.start();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SERVER.stopOnExit();
        SERVER.createDatabase("orders", null);
        registry.add("spring.datasource.url", () -> SERVER.jdbcUrl("orders"));
        registry.add("spring.datasource.username", SERVER::user);
    }

    @Autowired
    OrdersApplication.Orders orders;

    @Autowired
    DSLContext dsl;

    @Test
    void theStarterAppliedOrdersAndTheFamilyItRequiresBeforeTheServiceQueriedThem() {
        assertEquals(0, orders.atStartup);
        orders.place("c-7", new BigDecimal("3.20"));
        assertEquals(1, orders.count("c-7"));
        assertEquals("audit_events:1,audit_events:2,audit_events:3,audit_events:4,orders:1", dsl.fetchValue(
                "SELECT string_agg(family || ':' || version, ',' ORDER BY family, version) FROM schema_registry_history",
                String.class));
    }
}
