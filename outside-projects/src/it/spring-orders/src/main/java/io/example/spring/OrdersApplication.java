package io.example.spring;

import static io.example.orders.Tables.ORDERS;

import java.math.BigDecimal;
import org.jooq.DSLContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;

@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    /** Reads the orders table while the context starts: it exists because the starter ran first. */
    @Service
    public static class Orders {

        private final DSLContext dsl;
        final int atStartup;

        public Orders(DSLContext dsl) {
            this.dsl = dsl;
            this.atStartup = dsl.fetchCount(ORDERS);
        }

        public void place(String correlationId, BigDecimal amount) {
            dsl.insertInto(ORDERS).set(ORDERS.CORRELATION_ID, correlationId).set(ORDERS.AMOUNT, amount).execute();
        }

        public int count(String correlationId) {
            return dsl.fetchCount(ORDERS, ORDERS.CORRELATION_ID.eq(correlationId));
        }
    }
}
