package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.junit.SchemaTest;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;

/** Finding events by a field of their JSONB {@code event_data}. */
@SchemaTest(tables = "audit_events")
class JsonbQueryTest {

    @Test
    void theGatewaysEventsAreFoundByAFieldOfTheirData(DSLContext dsl) {
        AuditTrail auditTrail = new AuditTrail(dsl);
        AuditEventsRecord nodeNotReady = auditTrail.record("received", "success", "rr-1", "fp-1",
                Map.of("signal_type", "NodeNotReady", "namespace", "payments"));
        auditTrail.record("received", "success", "rr-2", "fp-2", Map.of("signal_type", "OOMKilled"));
        // Same data, written by another service: the gateway reads its own category only.
        dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TYPE, "notification.signal.received")
                .set(AUDIT_EVENTS.EVENT_CATEGORY, "notification")
                .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{\"signal_type\": \"NodeNotReady\"}"))
                .execute();

        assertThat(auditTrail.byDataField("signal_type", "NodeNotReady"))
                .extracting(AuditEventsRecord::getEventId)
                .containsExactly(nodeNotReady.getEventId());
        assertThat(auditTrail.byDataField("namespace", "payments"))
                .extracting(AuditEventsRecord::getEventId)
                .containsExactly(nodeNotReady.getEventId());
        assertThat(auditTrail.byDataField("signal_type", "ImagePullBackOff")).isEmpty();
    }
}
