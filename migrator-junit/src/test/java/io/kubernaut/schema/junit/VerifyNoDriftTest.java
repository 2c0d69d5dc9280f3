package io.kubernaut.schema.junit;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static io.kubernaut.schema.workflows.Tables.WORKFLOWS;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * {@code @SchemaTest(verifyNoDrift = true)} as users meet it, through JUnit's EngineTestKit: a test
 * that changes the families' tables fails naming the change; a test that only changes data passes.
 */
class VerifyNoDriftTest {

    @BeforeAll
    static void requireTheConfiguredServer() {
        ConfiguredServer.assumeItRuns();
    }

    private static EngineExecutionResults run(Class<?> sample) {
        // Implicit parameters (system properties such as schema.test.server) reach the samples as in a real run.
        return EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(true)
                .selectors(selectClass(sample)).execute();
    }

    @SchemaTest(tables = "audit_events", verifyNoDrift = true)
    static class AlteringSample {

        @Test
        void addsAColumn(DSLContext dsl) {
            dsl.execute("ALTER TABLE audit_events ADD COLUMN note TEXT");
        }
    }

    @Test
    void aTestThatAltersATableFailsNamingTheDrift() {
        run(AlteringSample.class).testEvents().assertThatEvents().haveExactly(1, event(test("addsAColumn"),
                finishedWithFailure(instanceOf(AssertionFailedError.class), message(m -> m.startsWith(
                        "@SchemaTest(verifyNoDrift = true): the test changed the schema 'public' of schema_test_")
                        && m.contains("its tables no longer match the families' snapshots:")
                        && m.endsWith("\n  audit_events: extra column audit_events.note (found: text null)")))));
    }

    @SchemaTest(tables = "audit_events", verifyNoDrift = true)
    static class InsertingSample {

        @Test
        void insertsAndDeletes(DSLContext dsl) {
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                    .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
            dsl.deleteFrom(AUDIT_EVENTS).where(AUDIT_EVENTS.LEGAL_HOLD.isFalse()).execute();
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.sent")
                    .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
        }
    }

    @Test
    void aTestThatOnlyChangesDataPasses() {
        run(InsertingSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    /** What the issue found "no drift" for: the legal hold switched off on one month's partition. */
    @SchemaTest(tables = "audit_events", verifyNoDrift = true)
    static class PartitionTriggerSample {

        @Test
        void disablesTheLegalHoldOnOnePartition(DSLContext dsl) {
            dsl.execute("SELECT create_audit_events_partitions(DATE '2026-12-01', DATE '2026-12-01')");
            dsl.execute("ALTER TABLE audit_events_2026_12 DISABLE TRIGGER audit_events_legal_hold");
        }

        @Test
        void replacesTheImmutabilityGuard(DSLContext dsl) {
            dsl.execute("CREATE OR REPLACE FUNCTION audit_events_refuse_immutable_update() RETURNS trigger LANGUAGE plpgsql"
                    + " AS $$ BEGIN RETURN NEW; END $$");
        }

        @Test
        void makesPartitionsWithTheFamilysOwnFunction(DSLContext dsl) {
            dsl.execute("SELECT create_audit_events_partitions(DATE '2030-01-01', DATE '2032-12-01')");
        }
    }

    @Test
    void disablingTheLegalHoldOnAPartitionOrReplacingAGuardFailsTheTestButNewPartitionsDoNot() {
        EngineExecutionResults results = run(PartitionTriggerSample.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("disablesTheLegalHoldOnOnePartition"), finishedWithFailure(message(m -> m.endsWith(
                        "\n  audit_events: trigger audit_events_legal_hold is disabled on partition audit_events_2026_12"
                                + " of audit_events")))))
                .haveExactly(1, event(test("replacesTheImmutabilityGuard"), finishedWithFailure(message(m -> m.contains(
                        "\n  audit_events: function audit_events_refuse_immutable_update() changed: expected function"
                                + " returns trigger language plpgsql volatile set search_path=<schema> body md5 ")))))
                .haveExactly(1, event(test("makesPartitionsWithTheFamilysOwnFunction"), finishedSuccessfully()));
    }

    /** One database for the class: the first test's change fails the first test only. */
    @SchemaTest(tables = "audit_events", verifyNoDrift = true)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class SharedDatabaseSample {

        @Test
        void a_disablesTheLegalHoldTrigger(DSLContext dsl) {
            dsl.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_legal_hold");
        }

        @Test
        void b_onlyInserts(DSLContext dsl) {
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
        }

        @Test
        void c_dropsAnIndex(DSLContext dsl) {
            dsl.execute("DROP INDEX idx_audit_events_outcome");
        }
    }

    @Test
    void inASharedDatabaseEachChangeFailsTheTestThatMadeItAndNoOther() {
        EngineExecutionResults results = run(SharedDatabaseSample.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(2));
        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("a_disablesTheLegalHoldTrigger"), finishedWithFailure(message(m ->
                        m.contains("audit_events: trigger audit_events.audit_events_legal_hold is disabled: CREATE TRIGGER")
                                && !m.contains("idx_audit_events_outcome")))))
                .haveExactly(1, event(test("b_onlyInserts"), finishedSuccessfully()))
                .haveExactly(1, event(test("c_dropsAnIndex"), finishedWithFailure(message(m ->
                        m.contains("audit_events: missing index audit_events.idx_audit_events_outcome")
                                && !m.contains("audit_events_legal_hold")))));
    }

    /** A change undone in {@code @AfterEach} is no drift: the check runs after it. */
    @SchemaTest(families = "workflows", verifyNoDrift = true)
    static class RestoredSample {

        @Test
        void addsATemporaryColumn(DSLContext dsl) {
            dsl.execute("ALTER TABLE workflows ADD COLUMN scratch TEXT");
        }

        @AfterEach
        void dropsIt(DSLContext dsl) {
            dsl.execute("ALTER TABLE workflows DROP COLUMN scratch");
        }
    }

    @Test
    void aChangeUndoneInAfterEachPasses() {
        run(RestoredSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @SchemaTest(families = "workflows", schema = "tenant_drift", isolation = Isolation.PER_METHOD, verifyNoDrift = true)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class PerMethodSample {

        @Test
        void a_makesOwnerRequired(DSLContext dsl) {
            dsl.execute("ALTER TABLE workflows ALTER COLUMN owner SET NOT NULL");
        }

        @Test
        void b_insertsInItsOwnDatabase(DSLContext dsl) {
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "deploy").execute();
        }
    }

    @Test
    void perMethodDatabasesInAnotherSchemaAreCheckedToo() {
        EngineExecutionResults results = run(PerMethodSample.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("a_makesOwnerRequired"), finishedWithFailure(
                message(m -> m.contains("the test changed the schema 'tenant_drift'")
                        && m.contains("workflows: nullability of column workflows.owner changed: expected null, found not null")))));
    }

    @SchemaTest(families = "workflows")
    static class OffByDefaultSample {

        @Test
        void addsAColumn(DSLContext dsl) {
            dsl.execute("ALTER TABLE workflows ADD COLUMN scratch TEXT");
        }
    }

    @Test
    void withoutVerifyNoDriftSchemaChangesAreNotChecked() {
        run(OffByDefaultSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }
}
