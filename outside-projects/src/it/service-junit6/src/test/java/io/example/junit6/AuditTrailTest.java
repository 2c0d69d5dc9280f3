package io.example.junit6;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernaut.schema.junit.SchemaDatabase;
import io.kubernaut.schema.junit.SchemaTest;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(1)
@SchemaTest(tables = "audit_events")
class AuditTrailTest {

    static volatile String database;

    @Test
    void recordsAnEvent(DSLContext dsl, SchemaDatabase info) {
        database = info.database();
        dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
        assertEquals(1, dsl.fetchCount(AUDIT_EVENTS));
    }
}
