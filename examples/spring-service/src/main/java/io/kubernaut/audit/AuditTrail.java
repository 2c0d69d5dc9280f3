package io.kubernaut.audit;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;

import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Service;

/** Records and reads audit events with the family's generated jOOQ classes. */
@Service
public class AuditTrail {

    /** One event as the API shows it. */
    public record Event(UUID id, String type, String correlationId, String outcome, String data) {
    }

    private final DSLContext dsl;

    public AuditTrail(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Records an event; its id. */
    public UUID record(String type, String correlationId, String outcome, String data) {
        return dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TYPE, type)
                .set(AUDIT_EVENTS.EVENT_CATEGORY, "gateway")
                .set(AUDIT_EVENTS.EVENT_OUTCOME, outcome)
                .set(AUDIT_EVENTS.CORRELATION_ID, correlationId)
                .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf(data))
                .returning(AUDIT_EVENTS.EVENT_ID)
                .fetchOne(AUDIT_EVENTS.EVENT_ID);
    }

    /** The events of one correlation id, oldest first. */
    public List<Event> byCorrelation(String correlationId) {
        return dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.CORRELATION_ID.eq(correlationId))
                .orderBy(AUDIT_EVENTS.EVENT_TIMESTAMP)
                .fetch(r -> new Event(r.getEventId(), r.getEventType(), r.getCorrelationId(), r.getEventOutcome(),
                        r.getEventData().data()));
    }
}
