package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.junit.SchemaTest;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

/**
 * The table's own rules, which the gateway relies on: a recorded event cannot be rewritten, and an
 * event under legal hold cannot be deleted. Both are refused with SQLSTATE 23001 (restrict_violation).
 */
@SchemaTest(tables = "audit_events")
class ImmutabilityTest {

    private static final String RESTRICT_VIOLATION = "23001";

    @Test
    void theDatabaseRefusesToRewriteARecordedEvent(DSLContext dsl) {
        AuditEventsRecord event = new AuditTrail(dsl).record("received", "success", "rr-rewrite", "fp-1", Map.of());

        DataAccessException refused = catchThrowableOfType(DataAccessException.class, () -> dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_OUTCOME, "failure")
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute());

        assertThat(refused).as("the update should have been refused").isNotNull();
        assertThat(refused.sqlState()).isEqualTo(RESTRICT_VIOLATION);
        assertThat(refused.getMessage()).contains("immutable", "event_outcome");
        assertThat(dsl.select(AUDIT_EVENTS.EVENT_OUTCOME).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).fetchSingle().value1())
                .isEqualTo("success");
    }

    @Test
    void anEventUnderLegalHoldCannotBeDeleted(DSLContext dsl) {
        AuditEventsRecord event = new AuditTrail(dsl).record("received", "success", "rr-held", "fp-2", Map.of());
        // The hold columns are not among the immutable facts: placing a hold is an ordinary update.
        dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.LEGAL_HOLD, true)
                .set(AUDIT_EVENTS.LEGAL_HOLD_REASON, "litigation 2026-17")
                .set(AUDIT_EVENTS.LEGAL_HOLD_PLACED_BY, "legal@example.com")
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute();

        DataAccessException refused = catchThrowableOfType(DataAccessException.class, () -> dsl.deleteFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute());

        assertThat(refused).as("the delete should have been refused").isNotNull();
        assertThat(refused.sqlState()).isEqualTo(RESTRICT_VIOLATION);
        assertThat(refused.getMessage()).contains("legal hold");
        assertThat(dsl.fetchExists(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))).isTrue();
    }
}
