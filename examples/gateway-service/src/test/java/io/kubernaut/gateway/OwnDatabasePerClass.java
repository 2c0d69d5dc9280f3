package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-class isolation as the service sees it, run by two classes that both write to audit_events:
 * {@link OwnDatabaseFirstTest} and {@link OwnDatabaseSecondTest}. Whichever of them runs second
 * would find the other's event (and every other class's) if classes shared a database. Not tied to
 * the order in which the classes run, nor to whether they run in parallel.
 */
abstract class OwnDatabasePerClass {

    @BeforeAll
    static void theAuditTrailStartsEmpty(DSLContext dsl) {
        assertThat(dsl.fetchCount(AUDIT_EVENTS)).isZero();
    }

    @Test
    void theClassSeesOnlyTheEventsItRecorded(DSLContext dsl) {
        String mine = "rr-" + getClass().getSimpleName();
        new AuditTrail(dsl).record("received", "success", mine, "fp-1", Map.of("signal_type", "OOMKilled"));

        assertThat(dsl.select(AUDIT_EVENTS.CORRELATION_ID).from(AUDIT_EVENTS).fetch(AUDIT_EVENTS.CORRELATION_ID))
                .containsExactly(mine);
    }
}
