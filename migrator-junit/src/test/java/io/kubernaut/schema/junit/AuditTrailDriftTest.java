package io.kubernaut.schema.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.Drift.Kind;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.DriftState;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drift the audit trail's owners found {@code verify} blind to, made by hand on the real families
 * (schema-audit-events and schema-workflows, snapshots taken by the schema Maven plugin): each is
 * reported exactly once, in words; what the family's own partition function does, data, and the
 * other family's objects are not drift.
 */
class AuditTrailDriftTest {

    private TestPostgres.Database database;
    private Migrator migrator;

    @BeforeEach
    void apply() {
        database = TestPostgres.newDatabase();
        migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(getClass().getClassLoader()))
                .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().schema("audit").build());
        migrator.apply();
        // The month of the example, made as operators make months: with the family's function.
        database.execute("SET search_path TO audit; SELECT audit.create_audit_events_partitions(DATE '2026-12-01', DATE '2026-12-01')");
    }

    static Stream<Arguments> auditTrailDrift() {
        return Stream.of(
                Arguments.of("ALTER TABLE audit.audit_events_2026_12 DISABLE TRIGGER audit_events_legal_hold",
                        Kind.PARTITION_TRIGGER_DISABLED, "audit_events_2026_12.audit_events_legal_hold",
                        "trigger audit_events_legal_hold is disabled on partition audit_events_2026_12 of audit_events"),
                Arguments.of("ALTER TABLE audit.audit_events_2026_12 DISABLE TRIGGER audit_events_immutable",
                        Kind.PARTITION_TRIGGER_DISABLED, "audit_events_2026_12.audit_events_immutable",
                        "trigger audit_events_immutable is disabled on partition audit_events_2026_12 of audit_events"),
                Arguments.of("DO $$ DECLARE p regclass; BEGIN FOR p IN SELECT inhrelid::regclass FROM pg_inherits"
                        + " WHERE inhparent = 'audit.audit_events'::regclass LOOP EXECUTE 'DROP TABLE ' || p; END LOOP; END $$",
                        Kind.PARTITIONS_MISSING, "audit_events", "no partition of audit_events is attached: inserts into it fail"),
                Arguments.of("CREATE OR REPLACE FUNCTION audit.create_audit_events_partitions(first_month date, last_month date)"
                        + " RETURNS integer LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN RETURN 0; END $$",
                        Kind.FUNCTION_CHANGED, "create_audit_events_partitions(date,date)",
                        "function create_audit_events_partitions(date,date) changed: expected function returns integer language"
                                + " plpgsql volatile set search_path=<schema> body md5 "),
                Arguments.of("CREATE OR REPLACE FUNCTION audit.audit_events_default_event_date() RETURNS date LANGUAGE sql"
                        + " SET search_path FROM CURRENT AS $$ SELECT current_date $$",
                        Kind.FUNCTION_CHANGED, "audit_events_default_event_date()", "function audit_events_default_event_date() changed"),
                Arguments.of("ALTER FUNCTION audit.audit_events_refuse_legal_hold_delete() SET search_path = public",
                        Kind.FUNCTION_CHANGED, "audit_events_refuse_legal_hold_delete()",
                        "set search_path=<schema> body md5"),
                Arguments.of("CREATE OR REPLACE FUNCTION audit.audit_events_refuse_legal_hold_delete() RETURNS trigger"
                        + " LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN RETURN OLD; END $$",
                        Kind.FUNCTION_CHANGED, "audit_events_refuse_legal_hold_delete()",
                        "function audit_events_refuse_legal_hold_delete() changed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auditTrailDrift")
    void theAuditTrailsProtectionsAreGuardedByVerify(String sql, Kind kind, String name, String words) {
        database.execute(sql);

        DriftReport report = migrator.verify();

        assertThat(report.family("audit_events").orElseThrow().differences()).as(report.toString()).singleElement()
                .satisfies(drift -> {
                    assertThat(drift.kind()).isEqualTo(kind);
                    assertThat(drift.name()).isEqualTo(name);
                    assertThat(drift.describe()).contains(words);
                });
        assertThat(report.family("workflows").orElseThrow().state()).isEqualTo(DriftState.MATCHES);
        assertThat(report.toString()).contains("Schema 'audit': drift in 1 of 2 families");
    }

    @Test
    void thirtySixMonthsOfPartitionsDataAndTheOtherFamilysChangesAreNotAuditDrift() {
        database.execute("SET search_path TO audit;"
                + " SELECT audit.create_audit_events_partitions(DATE '2024-01-01', DATE '2026-12-01');"
                + " INSERT INTO audit.audit_events (event_type, event_data, legal_hold) VALUES ('gateway.signal.received', '{}', true);"
                + " DROP TRIGGER workflows_updated_at ON audit.workflows");

        DriftReport report = migrator.verify();

        assertThat(database.value("SELECT count(*) >= 36 FROM pg_inherits WHERE inhparent = 'audit.audit_events'::regclass"))
                .isEqualTo("t");
        assertThat(report.family("audit_events").orElseThrow().state()).as(report.toString()).isEqualTo(DriftState.MATCHES);
        assertThat(report.family("workflows").orElseThrow().differences()).extracting(Drift::kind)
                .containsExactly(Kind.MISSING_TRIGGER);
    }
}
