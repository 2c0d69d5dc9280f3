package io.kubernaut.gateway;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's audit trail against a real PostgreSQL, set up the way the service's own start-up
 * does it: the migrator applies whatever table families are on the classpath, which for this service
 * is audit_events alone.
 */
class AuditTrailTest {

    private static EmbeddedServer postgres;
    private static DataSource dataSource;
    private static ApplyResult migration;

    private DSLContext dsl;
    private AuditTrail auditTrail;
    private String correlationId;

    @BeforeAll
    static void startPostgresAndApplyTheFamilies() {
        postgres = EmbeddedServer.start();
        postgres.createDatabase("gateway", null);
        dataSource = postgres.dataSource("gateway");
        // No catalog and no table list: the families are those this service depends on.
        migration = Migrator.using(dataSource).apply();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void newRemediationRequest() {
        dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
        auditTrail = new AuditTrail(dsl);
        // The tests share one database: each works on its own remediation request.
        correlationId = "rr-" + UUID.randomUUID();
    }

    private AuditEventsRecord received(String signalType) {
        return auditTrail.record("received", "success", correlationId, "fp-" + UUID.randomUUID(),
                Map.of("signal_type", signalType, "alert_name", "KubePodOOMKilled", "namespace", "payments"));
    }

    @Test
    void onlyTheAuditEventsFamilyIsAppliedBecauseItIsTheOnlyDependency() {
        assertThat(migration.families()).containsExactly("audit_events");
        List<String> tables = dsl.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
                .getValues(0, String.class);
        assertThat(tables).contains("audit_events", "schema_registry_history")
                .doesNotContain("workflows", "workflow_versions")
                .allMatch(table -> table.equals("schema_registry_history") || table.startsWith("audit_events"));
    }

    @Test
    void aReceivedSignalIsRecordedWithATypedInsert() {
        AuditEventsRecord event = received("OOMKilled");

        assertThat(event.getEventId()).isNotNull();
        assertThat(event.getEventType()).isEqualTo("gateway.signal.received");
        assertThat(event.getEventCategory()).isEqualTo("gateway");
        assertThat(event.getCorrelationId()).isEqualTo(correlationId);
        assertThat(event.getEventDate()).isEqualTo(event.getEventTimestamp().atZoneSameInstant(ZoneOffset.UTC).toLocalDate());
        assertThat(event.getEventData().data()).contains("\"signal_type\": \"OOMKilled\"");
        assertThat(event.getRetentionDays()).isEqualTo(2555);
        assertThat(event.getLegalHold()).isFalse();
    }

    @Test
    void theEventsOfARemediationRequestAreFoundByCorrelationId() {
        AuditEventsRecord first = received("OOMKilled");
        AuditEventsRecord second = auditTrail.record("deduplicated", "success", correlationId, first.getResourceId(),
                Map.of("occurrences", "2"));
        auditTrail.record("received", "success", "rr-someone-else", "fp-other", Map.of("signal_type", "OOMKilled"));

        assertThat(auditTrail.byCorrelationId(correlationId))
                .extracting(AuditEventsRecord::getEventId, AuditEventsRecord::getEventAction)
                .containsExactly(tuple(first.getEventId(), "received"),
                        tuple(second.getEventId(), "deduplicated"));
    }

    @Test
    void eventsAreFoundByAFieldOfTheirJsonData() {
        String signalType = "NodeNotReady-" + UUID.randomUUID();
        AuditEventsRecord matching = received(signalType);
        received("OOMKilled");

        assertThat(auditTrail.byDataField("signal_type", signalType))
                .extracting(AuditEventsRecord::getEventId)
                .containsExactly(matching.getEventId());
    }

    @Test
    void theDatabaseRefusesToRewriteARecordedEvent() {
        AuditEventsRecord event = received("OOMKilled");

        DataAccessException refused = catchThrowableOfType(DataAccessException.class, () -> dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_OUTCOME, "failure")
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute());

        assertThat(refused).as("the update should have been refused").isNotNull();
        SQLException cause = refused.getCause(SQLException.class);
        assertThat(cause.getSQLState()).as("restrict_violation").isEqualTo("23001");
        assertThat(cause.getMessage()).contains("immutable", "event_outcome");
        assertThat(auditTrail.byCorrelationId(correlationId))
                .extracting(AuditEventsRecord::getEventOutcome).containsExactly("success");
    }
}
