package io.kubernaut.schema.audit;

import static io.kubernaut.schema.migrator.testing.Refusals.assertRefused;
import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.jsonbGetAttribute;
import static org.jooq.impl.DSL.jsonbGetAttributeAsText;
import static org.jooq.impl.DSL.val;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.migrator.testing.MigratedConnection;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the migrated {@code audit_events} table does with rows written through the generated jOOQ
 * classes: the event_date rule, the triggers and the checks, as docs/families.md describes them.
 */
class AuditEventsBehaviourTest {

    /** Where rows live: the partition's name, e.g. audit_events_2026_11. */
    private static final Field<String> PARTITION = field("tableoid::regclass::text", String.class);

    @RegisterExtension
    final MigratedConnection database = new MigratedConnection();

    private DSLContext dsl;

    @BeforeEach
    void useTheMigratedDatabase() {
        dsl = DSL.using(database.get(), SQLDialect.POSTGRES);
    }

    private static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static String partitionOf(LocalDate date) {
        return "audit_events_" + date.format(DateTimeFormatter.ofPattern("yyyy_MM"));
    }

    private static JSONB json(String text) {
        return JSONB.valueOf(text);
    }

    /** Inserts a complete gateway event of today and returns it as stored. */
    private AuditEventsRecord gatewayEvent(String correlationId, String signalType) {
        return dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                .set(AUDIT_EVENTS.EVENT_CATEGORY, "gateway")
                .set(AUDIT_EVENTS.EVENT_ACTION, "received")
                .set(AUDIT_EVENTS.EVENT_OUTCOME, "success")
                .set(AUDIT_EVENTS.ACTOR_TYPE, "service")
                .set(AUDIT_EVENTS.ACTOR_ID, "gateway")
                .set(AUDIT_EVENTS.RESOURCE_TYPE, "Signal")
                .set(AUDIT_EVENTS.RESOURCE_ID, "fp-" + UUID.randomUUID())
                .set(AUDIT_EVENTS.CORRELATION_ID, correlationId)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{\"signal_type\": \"" + signalType + "\", \"namespace\": \"payments\","
                        + " \"resource\": {\"kind\": \"Pod\", \"name\": \"api-7f9\"}}"))
                .returning()
                .fetchSingle();
    }

    // --- the event_date rule ------------------------------------------------------------------

    @Test
    void aRowWithOnlyEventDataGetsItsTimestampDateAndDefaultsFromTheDatabase() {
        AuditEventsRecord row = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{\"signal_type\": \"OOMKilled\"}"))
                .returning()
                .fetchSingle();

        assertThat(row.getEventId()).isNotNull();
        assertThat(row.getEventTimestamp()).isNotNull();
        assertThat(row.getEventDate()).isEqualTo(row.getEventTimestamp().atZoneSameInstant(ZoneOffset.UTC).toLocalDate());
        assertThat(row.getEventVersion()).isEqualTo("1.0");
        assertThat(row.getRetentionDays()).isEqualTo(2555);
        assertThat(row.getIsSensitive()).isFalse();
        assertThat(row.getLegalHold()).isFalse();
        assertThat(row.getHashAlgorithm()).isEqualTo("sha256-unkeyed");
        assertThat(dsl.select(PARTITION).from(AUDIT_EVENTS).where(AUDIT_EVENTS.EVENT_ID.eq(row.getEventId())).fetchOne(PARTITION))
                .isEqualTo(partitionOf(row.getEventDate()));
    }

    @Test
    void eventDateIsTheUtcDateOfTheTimestampNotItsLocalDate() {
        // 12:00 UTC today is already tomorrow at +14:00 (Kiribati): the UTC date must win.
        OffsetDateTime noonUtcSeenFromKiribati = todayUtc().atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC)
                .withOffsetSameInstant(ZoneOffset.ofHours(14));
        assertThat(noonUtcSeenFromKiribati.toLocalDate()).isEqualTo(todayUtc().plusDays(1));

        AuditEventsRecord row = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, noonUtcSeenFromKiribati)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                .returning()
                .fetchSingle();

        assertThat(row.getEventDate()).isEqualTo(todayUtc());
    }

    @Test
    void aTimestampOfThePreviousMonthIsStoredInThePreviousMonthsPartition() {
        LocalDate fifteenthOfLastMonth = todayUtc().withDayOfMonth(1).minusMonths(1).withDayOfMonth(15);
        // Late evening in New York is already the next day in UTC.
        OffsetDateTime lateEveningInNewYork = fifteenthOfLastMonth.atTime(23, 30).atOffset(ZoneOffset.ofHours(-5));
        UUID eventId = UUID.randomUUID();

        int counted = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_ID, eventId)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, lateEveningInNewYork)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{\"late\": true}"))
                .execute();

        // Documented in docs/families.md: the trigger re-inserts the row through the parent, so the
        // statement does not count it; the row is stored all the same.
        assertThat(counted).isZero();
        var stored = dsl.select(AUDIT_EVENTS.EVENT_DATE, AUDIT_EVENTS.EVENT_TIMESTAMP, PARTITION)
                .from(AUDIT_EVENTS).where(AUDIT_EVENTS.EVENT_ID.eq(eventId)).fetchSingle();
        assertThat(stored.value1()).isEqualTo(fifteenthOfLastMonth.plusDays(1));
        assertThat(stored.value2().toInstant()).isEqualTo(lateEveningInNewYork.toInstant());
        assertThat(stored.value3()).isEqualTo(partitionOf(fifteenthOfLastMonth));
    }

    @Test
    void aTimestampOfThePreviousMonthWithItsEventDateIsCountedAndReturned() {
        OffsetDateTime lastMonth = todayUtc().withDayOfMonth(1).minusMonths(1).atTime(8, 0).atOffset(ZoneOffset.UTC);

        AuditEventsRecord row = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, lastMonth)
                .set(AUDIT_EVENTS.EVENT_DATE, lastMonth.toLocalDate())
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                .returning()
                .fetchSingle();

        assertThat(row.getEventDate()).isEqualTo(lastMonth.toLocalDate());
    }

    @Test
    void anEventDateThatDisagreesWithTheTimestampIsRefused() {
        OffsetDateTime noonToday = todayUtc().atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC);

        ServerErrorMessage error = assertRefused(() -> dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, noonToday)
                .set(AUDIT_EVENTS.EVENT_DATE, todayUtc().minusDays(1))
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                .execute(), "23514", "audit_events_event_date_is_utc_date_of_event_timestamp");

        assertThat(error.getColumn()).isEqualTo("event_date");
        assertThat(error.getMessage()).contains("does not match", "UTC date " + todayUtc());
        assertThat(dsl.fetchCount(AUDIT_EVENTS)).isZero();
    }

    @Test
    void todaysDateGivenWithATimestampOfAnotherDayIsRefused() {
        // event_date = today is also what the default gives: the rule must still tell them apart.
        OffsetDateTime yesterdayNoon = todayUtc().minusDays(1).atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC);

        assertRefused(() -> dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, yesterdayNoon)
                .set(AUDIT_EVENTS.EVENT_DATE, todayUtc())
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                .execute(), "23514", "audit_events_event_date_is_utc_date_of_event_timestamp");
    }

    @Test
    void oneStatementMayMixDerivedAndGivenEventDatesAcrossMonths() {
        LocalDate lastMonth = todayUtc().withDayOfMonth(1).minusMonths(1);
        OffsetDateTime lastMonthMorning = lastMonth.atTime(6, 0).atOffset(ZoneOffset.UTC);
        OffsetDateTime todayNoon = todayUtc().atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC);

        // Row 1 derives a date of last month (re-inserted by the trigger), row 2 gives today's,
        // row 3 derives today's: the "defaulted" flag must belong to each row, not to the statement.
        dsl.execute("INSERT INTO audit_events (correlation_id, event_timestamp, event_date, event_data) VALUES"
                + " ('derived-last-month', {0}, DEFAULT, '{}'), ('given-today', {1}, {2}, '{}'),"
                + " ('derived-today', {1}, DEFAULT, '{}')", val(lastMonthMorning), val(todayNoon), val(todayUtc()));

        assertThat(dsl.select(AUDIT_EVENTS.CORRELATION_ID, AUDIT_EVENTS.EVENT_DATE).from(AUDIT_EVENTS)
                .orderBy(AUDIT_EVENTS.CORRELATION_ID).fetch())
                .extracting(r -> r.value1(), r -> r.value2())
                .containsExactly(tuple("derived-last-month", lastMonth),
                        tuple("derived-today", todayUtc()),
                        tuple("given-today", todayUtc()));
    }

    @Test
    void movingTheTimestampToAnotherMonthMovesTheRowUnlessItIsUnderLegalHold() {
        AuditEventsRecord event = gatewayEvent("rr-move", "OOMKilled");
        LocalDate lastMonth = todayUtc().withDayOfMonth(1).minusMonths(1);
        OffsetDateTime lastMonthMorning = lastMonth.atTime(6, 0).atOffset(ZoneOffset.UTC);

        dsl.update(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TIMESTAMP, lastMonthMorning)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).execute();

        var moved = dsl.select(AUDIT_EVENTS.EVENT_DATE, PARTITION).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).fetchSingle();
        assertThat(moved.value1()).isEqualTo(lastMonth);
        assertThat(moved.value2()).isEqualTo(partitionOf(lastMonth));

        // PostgreSQL moves a row between partitions as DELETE + INSERT, so the hold stops it.
        dsl.update(AUDIT_EVENTS).set(AUDIT_EVENTS.LEGAL_HOLD, true).where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).execute();
        assertRefused(() -> dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, todayUtc().atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC))
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).execute(), "23001", "audit_events_legal_hold");
    }

    @Test
    void aNullTimestampIsRefusedAsNotNull() {
        Throwable thrown = catchThrowable(() -> dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, (OffsetDateTime) null)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                .execute());

        assertThat(thrown).isInstanceOf(DataAccessException.class);
        assertThat(((DataAccessException) thrown).sqlState()).isEqualTo("23502");
    }

    @Test
    void aMonthWithoutPartitionIsRefusedUntilThePartitionFunctionCreatesIt() {
        OffsetDateTime twoYearsAgo = todayUtc().minusYears(2).atTime(LocalTime.NOON).atOffset(ZoneOffset.UTC);
        var insert = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, twoYearsAgo)
                .set(AUDIT_EVENTS.EVENT_DATE, twoYearsAgo.toLocalDate())
                .set(AUDIT_EVENTS.EVENT_DATA, json("{\"archived\": true}"));

        assertThatThrownBy(insert::execute).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("23514"))
                .hasMessageContaining("no partition of relation \"audit_events\" found for row");

        Integer created = dsl.select(field("create_audit_events_partitions({0}, {1})", Integer.class,
                val(twoYearsAgo.toLocalDate()), val(twoYearsAgo.toLocalDate()))).fetchOne(0, Integer.class);
        assertThat(created).isEqualTo(1);
        assertThat(insert.execute()).isEqualTo(1);
        assertThat(dsl.select(PARTITION).from(AUDIT_EVENTS).fetchOne(PARTITION)).isEqualTo(partitionOf(twoYearsAgo.toLocalDate()));
    }

    // --- immutability and legal hold ----------------------------------------------------------

    @Test
    void changingARecordedFactIsRefusedAsRestrictViolation() {
        AuditEventsRecord event = gatewayEvent("rr-immutable", "OOMKilled");

        ServerErrorMessage error = assertRefused(() -> dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_OUTCOME, "failure")
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute(), "23001", "audit_events_immutable");

        assertThat(error.getColumn()).isEqualTo("event_outcome");
        assertThat(error.getMessage()).contains(event.getEventId().toString(), "immutable");
        assertRefused(() -> dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_DATA, json("{\"signal_type\": \"forged\"}"))
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute(), "23001", "audit_events_immutable");
        assertThat(dsl.fetchSingle(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).getEventOutcome())
                .isEqualTo("success");
    }

    @Test
    void placingALegalHoldIsAnAllowedUpdate() {
        AuditEventsRecord event = gatewayEvent("rr-hold", "OOMKilled");
        OffsetDateTime placedAt = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);

        int updated = dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.LEGAL_HOLD, true)
                .set(AUDIT_EVENTS.LEGAL_HOLD_REASON, "case 2026-117")
                .set(AUDIT_EVENTS.LEGAL_HOLD_PLACED_BY, "legal@example.com")
                .set(AUDIT_EVENTS.LEGAL_HOLD_PLACED_AT, placedAt)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute();

        assertThat(updated).isEqualTo(1);
        AuditEventsRecord held = dsl.fetchSingle(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()));
        assertThat(held.getLegalHold()).isTrue();
        assertThat(held.getLegalHoldReason()).isEqualTo("case 2026-117");
        assertThat(held.getLegalHoldPlacedAt().toInstant()).isEqualTo(placedAt.toInstant());
    }

    @Test
    void deletingAnEventUnderLegalHoldIsRefusedUntilTheHoldIsReleased() {
        AuditEventsRecord event = gatewayEvent("rr-delete", "OOMKilled");
        dsl.update(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.LEGAL_HOLD, true)
                .set(AUDIT_EVENTS.LEGAL_HOLD_PLACED_BY, "legal@example.com")
                .set(AUDIT_EVENTS.LEGAL_HOLD_REASON, "case 2026-117")
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute();

        ServerErrorMessage error = assertRefused(() -> dsl.deleteFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))
                .execute(), "23001", "audit_events_legal_hold");

        assertThat(error.getDetail()).contains("legal@example.com", "case 2026-117");
        assertThat(dsl.fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.EVENT_ID.eq(event.getEventId()))).isEqualTo(1);

        dsl.update(AUDIT_EVENTS).set(AUDIT_EVENTS.LEGAL_HOLD, false).where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).execute();
        assertThat(dsl.deleteFrom(AUDIT_EVENTS).where(AUDIT_EVENTS.EVENT_ID.eq(event.getEventId())).execute()).isEqualTo(1);
    }

    // --- retention ----------------------------------------------------------------------------

    @Test
    void retentionDaysOutsideOneTo2555AreRefused() {
        for (int outOfRange : new int[] {0, -1, 2556}) {
            assertRefused(() -> dsl.insertInto(AUDIT_EVENTS)
                    .set(AUDIT_EVENTS.RETENTION_DAYS, outOfRange)
                    .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                    .execute(), "23514", "audit_events_retention_days_check");
        }
        for (int inRange : new int[] {1, 2555}) {
            assertThat(dsl.insertInto(AUDIT_EVENTS)
                    .set(AUDIT_EVENTS.RETENTION_DAYS, inRange)
                    .set(AUDIT_EVENTS.EVENT_DATA, json("{}"))
                    .execute()).isEqualTo(1);
        }
    }

    // --- queries ------------------------------------------------------------------------------

    @Test
    void actorIpIsATypedTextFieldStoredAsInet() {
        dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.ACTOR_IP, "10.1.2.3").set(AUDIT_EVENTS.EVENT_DATA, json("{}")).execute();
        dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.ACTOR_IP, "2001:db8::1").set(AUDIT_EVENTS.EVENT_DATA, json("{}")).execute();

        assertThat(dsl.select(AUDIT_EVENTS.ACTOR_IP).from(AUDIT_EVENTS).where(AUDIT_EVENTS.ACTOR_IP.eq("10.1.2.3")).fetch(0, String.class))
                .containsExactly("10.1.2.3");
        assertThat(dsl.fetchValue("SELECT count(*) FROM audit_events WHERE actor_ip << '10.0.0.0/8'::inet", Long.class)).isEqualTo(1L);
        assertThat(catchThrowable(() -> dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.ACTOR_IP, "not an address")
                .set(AUDIT_EVENTS.EVENT_DATA, json("{}")).execute()))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("inet");
    }

    @Test
    void eventsAreFoundByCorrelationIdNewestFirst() {
        AuditEventsRecord first = gatewayEvent("rr-2f1c", "OOMKilled");
        gatewayEvent("rr-other", "OOMKilled");
        AuditEventsRecord second = gatewayEvent("rr-2f1c", "CrashLoopBackOff");

        var events = dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.CORRELATION_ID.eq("rr-2f1c"))
                .orderBy(AUDIT_EVENTS.EVENT_TIMESTAMP.desc())
                .fetch();

        // Each insert is its own transaction, so now() and event_timestamp grow.
        assertThat(events).extracting(AuditEventsRecord::getEventId).containsExactly(second.getEventId(), first.getEventId());
    }

    @Test
    void eventsAreFoundByAFieldOfTheirJsonbData() {
        AuditEventsRecord oom = gatewayEvent("rr-a", "OOMKilled");
        gatewayEvent("rr-b", "CrashLoopBackOff");

        var byAttribute = dsl.selectFrom(AUDIT_EVENTS)
                .where(jsonbGetAttributeAsText(AUDIT_EVENTS.EVENT_DATA, "signal_type").eq("OOMKilled"))
                .fetch(AUDIT_EVENTS.EVENT_ID);
        var byContainment = dsl.selectFrom(AUDIT_EVENTS)
                .where(condition("{0} @> {1}", AUDIT_EVENTS.EVENT_DATA, val(json("{\"signal_type\": \"OOMKilled\"}"))))
                .fetch(AUDIT_EVENTS.EVENT_ID);
        var byNestedAttribute = dsl.select(jsonbGetAttributeAsText(jsonbGetAttribute(AUDIT_EVENTS.EVENT_DATA, "resource"), "name"))
                .from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.EVENT_ID.eq(oom.getEventId()))
                .fetchOne(0, String.class);

        assertThat(byAttribute).containsExactly(oom.getEventId());
        assertThat(byContainment).containsExactly(oom.getEventId());
        assertThat(byNestedAttribute).isEqualTo("api-7f9");
    }
}
