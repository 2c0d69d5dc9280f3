package io.kubernaut.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.junit.SchemaTest;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading the trail of one remediation request. The events are recorded once for the class: its
 * tests share the class's database and only read it.
 */
@SchemaTest(tables = "audit_events")
class QueryByCorrelationTest {

    private static AuditEventsRecord received;
    private static AuditEventsRecord deduplicated;

    @BeforeAll
    static void recordTwoRemediationRequests(DSLContext dsl) {
        AuditTrail auditTrail = new AuditTrail(dsl);
        received = auditTrail.record("received", "success", "rr-payments", "fp-payments",
                Map.of("signal_type", "OOMKilled"));
        auditTrail.record("received", "success", "rr-checkout", "fp-checkout", Map.of("signal_type", "OOMKilled"));
        deduplicated = auditTrail.record("deduplicated", "success", "rr-payments", "fp-payments",
                Map.of("occurrences", "2"));
    }

    @Test
    void theEventsOfARequestComeBackOldestFirstWithoutThoseOfOtherRequests(DSLContext dsl) {
        assertThat(new AuditTrail(dsl).byCorrelationId("rr-payments"))
                .extracting(AuditEventsRecord::getEventId, AuditEventsRecord::getEventAction)
                .containsExactly(tuple(received.getEventId(), "received"),
                        tuple(deduplicated.getEventId(), "deduplicated"));
    }

    @Test
    void anUnknownRequestHasNoEvents(DSLContext dsl) {
        assertThat(new AuditTrail(dsl).byCorrelationId("rr-unknown")).isEmpty();
    }
}
