package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.jooq.impl.DSL.jsonbGetAttributeAsText;
import static org.jooq.impl.DSL.jsonbObject;
import static org.jooq.impl.DSL.key;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The gateway's audit trail: every signal the gateway receives, and what it did with it, is one
 * row of the shared {@code audit_events} table, written and read with the family's jOOQ classes.
 *
 * <p>Rows are append-only: the table refuses to change a recorded event (SQLSTATE 23001).
 */
public final class AuditTrail {

    /** {@code event_category}: the emitting service. */
    static final String CATEGORY = "gateway";

    private final DSLContext dsl;

    /** @param dsl jOOQ on the service's database, in the schema the families were applied to */
    public AuditTrail(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Records that the gateway did {@code action} to a signal.
     *
     * @param action        e.g. {@code received}, {@code deduplicated}; event_type becomes {@code gateway.signal.<action>}
     * @param outcome       {@code success} or {@code failure}
     * @param correlationId the remediation request the signal belongs to
     * @param fingerprint   the signal's fingerprint (the audited resource)
     * @param data          the event's facts, stored as a JSON object of strings
     * @return the stored row, with the id, timestamp and event_date PostgreSQL gave it
     */
    public AuditEventsRecord record(String action, String outcome, String correlationId, String fingerprint,
            Map<String, String> data) {
        return dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TYPE, CATEGORY + ".signal." + action)
                .set(AUDIT_EVENTS.EVENT_CATEGORY, CATEGORY)
                .set(AUDIT_EVENTS.EVENT_ACTION, action)
                .set(AUDIT_EVENTS.EVENT_OUTCOME, outcome)
                .set(AUDIT_EVENTS.ACTOR_TYPE, "service")
                .set(AUDIT_EVENTS.ACTOR_ID, "gateway-service")
                .set(AUDIT_EVENTS.RESOURCE_TYPE, "Signal")
                .set(AUDIT_EVENTS.RESOURCE_ID, fingerprint)
                .set(AUDIT_EVENTS.CORRELATION_ID, correlationId)
                .set(AUDIT_EVENTS.EVENT_DATA, jsonbObject(data.entrySet().stream()
                        .map(entry -> key(entry.getKey()).value(entry.getValue()))
                        .toList()))
                .returning()
                .fetchSingle();
    }

    /** The events of one remediation request, oldest first. */
    public List<AuditEventsRecord> byCorrelationId(String correlationId) {
        return dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.CORRELATION_ID.eq(correlationId))
                .orderBy(AUDIT_EVENTS.EVENT_TIMESTAMP, AUDIT_EVENTS.EVENT_ID)
                .fetch();
    }

    /** The gateway's events whose data has {@code value} under {@code key} ({@code event_data ->> key = value}). */
    public List<AuditEventsRecord> byDataField(String key, String value) {
        return dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_CATEGORY.eq(CATEGORY))
                .and(jsonbGetAttributeAsText(AUDIT_EVENTS.EVENT_DATA, key).eq(value))
                .orderBy(AUDIT_EVENTS.EVENT_TIMESTAMP, AUDIT_EVENTS.EVENT_ID)
                .fetch();
    }
}
