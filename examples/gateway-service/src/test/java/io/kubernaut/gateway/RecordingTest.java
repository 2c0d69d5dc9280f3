package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.junit.SchemaTest;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/**
 * Recording a signal: one typed insert, and the row PostgreSQL stored. The DSLContext comes from
 * {@code @SchemaTest}, on a database of this class alone with {@code audit_events} migrated.
 */
@SchemaTest(tables = "audit_events")
class RecordingTest {

    private final DSLContext dsl;
    private final AuditTrail auditTrail;

    RecordingTest(DSLContext dsl) {
        this.dsl = dsl;
        this.auditTrail = new AuditTrail(dsl);
    }

    @Test
    void aReceivedSignalIsStoredWithTheGatewaysFieldsAndTheTablesDefaults() {
        AuditEventsRecord event = auditTrail.record("received", "success", "rr-oom", "fp-1",
                Map.of("signal_type", "OOMKilled", "alert_name", "KubePodOOMKilled", "namespace", "payments"));

        assertThat(event.getEventId()).isNotNull();
        assertThat(event.getEventType()).isEqualTo("gateway.signal.received");
        assertThat(event.getEventCategory()).isEqualTo("gateway");
        assertThat(event.getEventAction()).isEqualTo("received");
        assertThat(event.getResourceType()).isEqualTo("Signal");
        assertThat(event.getResourceId()).isEqualTo("fp-1");
        assertThat(event.getCorrelationId()).isEqualTo("rr-oom");
        assertThat(event.getEventData().data()).contains("\"signal_type\": \"OOMKilled\"");
        assertThat(event.getEventVersion()).isEqualTo("1.0");
        assertThat(event.getRetentionDays()).isEqualTo(2555);
        assertThat(event.getHashAlgorithm()).isEqualTo("sha256-unkeyed");
        assertThat(event.getLegalHold()).isFalse();
    }

    @Test
    void theEventDateIsTheUtcDateOfTheEventTimestamp() {
        AuditEventsRecord event = auditTrail.record("received", "success", "rr-date", "fp-2", Map.of());

        assertThat(event.getEventDate())
                .isEqualTo(event.getEventTimestamp().atZoneSameInstant(ZoneOffset.UTC).toLocalDate());
    }

    @Test
    void theReturnedRecordIsWhatATypedSelectReadsBack() {
        AuditEventsRecord event = auditTrail.record("deduplicated", "success", "rr-read", "fp-3",
                Map.of("occurrences", "2"));

        AuditEventsRecord stored = dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .fetchSingle();

        assertThat(stored).isEqualTo(event);
    }
}
