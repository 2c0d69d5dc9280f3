package io.kubernaut.schema.junit;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static io.kubernaut.schema.workflows.Tables.WORKFLOWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension as users meet it, driven through JUnit's EngineTestKit. The sample classes are
 * nested, so surefire does not run them on their own.
 */
class SchemaExtensionTest {

    @BeforeAll
    static void requireTheConfiguredServer() {
        ConfiguredServer.assumeItRuns();
    }

    /** What the samples saw, for the assertions after a run. */
    static final List<SchemaDatabase> SEEN = new CopyOnWriteArrayList<>();

    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
        SEEN.clear();
        // Implicit parameters (system properties such as schema.test.server) reach the samples as in a real run.
        return EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(true)
                .configurationParameters(parameters)
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
                .execute();
    }

    private static EngineExecutionResults run(Class<?>... classes) {
        return run(Map.of(), classes);
    }

    @SchemaTest(tables = "audit_events")
    static class TypedQueriesSample {

        @Test
        void insertsAndReadsAuditEvents(DSLContext dsl, SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                    .set(AUDIT_EVENTS.CORRELATION_ID, "c-1").set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{\"k\": 1}")).execute();

            assertThat(dsl.selectFrom(AUDIT_EVENTS).where(AUDIT_EVENTS.CORRELATION_ID.eq("c-1")).fetchOne(AUDIT_EVENTS.EVENT_TYPE))
                    .isEqualTo("gateway.signal.received");
            assertThat(dsl.fetchCount(DSL.table("pg_tables"), DSL.field("tablename").in("workflows", "workflow_versions")))
                    .isZero();
        }
    }

    @Test
    void dslContextParameterGetsADatabaseWithOnlyTheSelectedFamily() {
        run(TypedQueriesSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SEEN).singleElement().satisfies(database -> {
            assertThat(database.database()).startsWith("schema_test_");
            assertThat(database.schema()).isEqualTo("public");
            // The surefire executions force each path: this run really used the server it asked for.
            assertThat(database.server()).isEqualTo(System.getProperty("schema.test.server"));
            assertThat(database.toString()).doesNotContain("password=");
        });
    }

    @SchemaTest(families = "workflows")
    static class FirstIsolationSample {

        @Test
        void hasItsOwnDatabase(DSLContext dsl, SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "deploy").execute();
            assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
        }
    }

    @SchemaTest(families = "workflows")
    static class SecondIsolationSample {

        @Test
        void hasItsOwnDatabase(DSLContext dsl, SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "deploy").execute();
            assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
        }
    }

    @Test
    void eachTestClassGetsItsOwnDatabaseOnOneSharedServer() {
        run(FirstIsolationSample.class, SecondIsolationSample.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        // Each sample asserts it sees its own row only. The second class may get the first's database back,
        // emptied (RecyclerTest), so the names may be equal.
        assertThat(SEEN).hasSize(2);
        assertThat(serverOf(SEEN.get(0))).isEqualTo(serverOf(SEEN.get(1)));
    }

    private static String serverOf(SchemaDatabase database) {
        return database.jdbcUrl().substring(0, database.jdbcUrl().lastIndexOf('/'));
    }

    @SchemaTest(families = "workflows")
    static class SharedWithinClassSample {

        @Test
        void first(DSLContext dsl) {
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "first").execute();
        }

        @Test
        void second(DSLContext dsl) {
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "second").execute();
            assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(2);
        }
    }

    @Test
    void testsOfOneClassShareTheClassDatabase() {
        EngineTestKit.engine("junit-jupiter").enableImplicitConfigurationParameters(true)
                .selectors(selectClass(SharedWithinClassSample.class))
                .configurationParameter("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$MethodName")
                .execute().testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    }

    @SchemaTest(families = "workflows", isolation = Isolation.PER_METHOD)
    static class PerMethodSample {

        private final DSLContext dsl;

        PerMethodSample(DSLContext dsl) {
            this.dsl = dsl;
        }

        @Test
        void first(SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "same").execute();
            assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
        }

        @Test
        void second(SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "same").execute();
            assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
        }
    }

    @Test
    void perMethodIsolationGivesEveryTestAFreshDatabaseAlsoThroughTheConstructor() {
        run(PerMethodSample.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(SEEN).extracting(SchemaDatabase::database).doesNotHaveDuplicates().hasSize(2);
    }

    @SchemaTest(tables = "audit_events")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class LifecycleSample {

        private final DataSource constructorDataSource;
        private String beforeAllDatabase;

        LifecycleSample(DataSource dataSource) {
            this.constructorDataSource = dataSource;
        }

        @BeforeAll
        void beforeAll(SchemaDatabase database) {
            beforeAllDatabase = database.database();
        }

        @BeforeEach
        void beforeEach(DSLContext dsl) {
            dsl.deleteFrom(AUDIT_EVENTS).where(AUDIT_EVENTS.LEGAL_HOLD.isFalse()).execute();
        }

        @Test
        void everyKindOfParameterReachesTheSameDatabase(Connection connection, SchemaDatabase database) throws Exception {
            assertThat(database.database()).isEqualTo(beforeAllDatabase);
            try (Connection fromConstructor = constructorDataSource.getConnection();
                    ResultSet result = fromConstructor.createStatement().executeQuery("SELECT current_database()")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo(database.database());
            }
            assertThat(connection.getCatalog()).isEqualTo(database.database());
        }
    }

    @Test
    void constructorLifecycleAndTestMethodParametersAreInjected() {
        run(LifecycleSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @SchemaTest(tables = "workflows", schema = "tenant_a")
    static class SchemaSample {

        @Test
        void familiesLandInTheConfiguredSchemaAndUnqualifiedQueriesFindThem(DSLContext dsl, SchemaDatabase database) {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "tenant").execute();
            assertThat(dsl.fetchValue("SELECT schemaname FROM pg_tables WHERE tablename = 'workflows'")).isEqualTo("tenant_a");
        }
    }

    @Test
    void targetSchemaIsTheSearchPath() {
        run(SchemaSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(java.net.URLDecoder.decode(SEEN.get(0).jdbcUrl(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("currentSchema=\"tenant_a\"");
    }

    @SchemaTest(tables = "workflows", schema = "Tenant \"B\", x")
    static class HostileSchemaSample {

        @Test
        void schemaNameThatNeedsQuotingIsOneSchemaOnTheSearchPath(DSLContext dsl, SchemaDatabase database) throws Exception {
            SEEN.add(database);
            dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "quoted").execute();
            assertThat(dsl.fetchValue("SELECT schemaname FROM pg_tables WHERE tablename = 'workflows'"))
                    .isEqualTo("Tenant \"B\", x");
            try (Connection connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(),
                    database.password()); ResultSet result = connection.createStatement()
                            .executeQuery("SELECT count(*) FROM workflows")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void schemaNameThatNeedsQuotingWorksForInjectedConnectionsAndTheJdbcUrl() {
        run(HostileSchemaSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @SchemaTest(tables = "no_such_table")
    static class UnknownTableSample {

        @Test
        void neverRuns() {
        }
    }

    @Test
    void unknownTableFailsTheClassWithTheAvailableTables() {
        run(UnknownTableSample.class).containerEvents().assertThatEvents().haveExactly(1, event(finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("@SchemaTest on " + UnknownTableSample.class.getName())
                        && m.contains("'no_such_table'") && m.contains("'audit_events'") && m.contains("'workflow_versions'")))));
    }

    @SchemaTest(families = "workflows", isolation = Isolation.PER_METHOD)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class LostCloneConnectionSample {

        @Test
        void first(DSLContext dsl) {
            // The session the run makes its clones on, idle since it made this test's database.
            assertThat(dsl.fetchValue("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = 'postgres' AND query LIKE 'CREATE DATABASE%'", Long.class)).isEqualTo(1L);
        }

        @Test
        void second(DSLContext dsl) {
            assertThat(dsl.fetchCount(WORKFLOWS)).isZero();
        }
    }

    static final List<DataSource> POOLS = new CopyOnWriteArrayList<>();
    static final List<Integer> BACKENDS = new CopyOnWriteArrayList<>();

    @SchemaTest(tables = "audit_events")
    static class PooledSample {

        @Test
        void connectionsComeFromASmallPool(DataSource dataSource, DSLContext dsl) throws Exception {
            POOLS.add(dataSource);
            BACKENDS.add(backend(dataSource));
            BACKENDS.add(dsl.fetchValue(DSL.field("pg_backend_pid()", Integer.class)));
        }

        private static int backend(DataSource dataSource) throws Exception {
            try (Connection connection = dataSource.getConnection();
                    ResultSet result = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    @Test
    void injectedDataSourceReusesPooledConnectionsAndIsClosedWithItsDatabase() {
        POOLS.clear();
        BACKENDS.clear();
        run(PooledSample.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(BACKENDS).hasSize(2).containsOnly(BACKENDS.get(0));   // one backend served both: a pool, not a fork each
        assertThat(POOLS).singleElement().isInstanceOfSatisfying(HikariDataSource.class, pool -> {
            assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
            assertThat(pool.isClosed()).isTrue();
        });
    }

    /** Leaves rows (one under legal hold, which a delete trigger protects) and session state behind. */
    @SchemaTest(tables = "audit_events")
    @Order(1)
    static class LeavesRowsAndSessionStateSample {

        @Test
        void leavesThemBehind(DSLContext dsl, Connection connection) throws Exception {
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "svc.order.placed")
                    .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "svc.order.held").set(AUDIT_EVENTS.LEGAL_HOLD, true)
                    .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
            try (var statement = connection.createStatement()) {
                statement.execute("SET statement_timeout = '4321ms'");
                statement.execute("SELECT pg_advisory_lock(7)");
            }
        }
    }

    @SchemaTest(tables = "audit_events")
    @Order(2)
    static class FindsNothingLeftSample {

        @Test
        void startsClean(DSLContext dsl) {
            CleanStart.assertOn(dsl);
        }
    }

    @SchemaTest(tables = "audit_events")
    @Order(3)
    static class ChangesTheSchemaSample {

        @Test
        void addsATable(DSLContext dsl) {
            dsl.execute("CREATE TABLE left_behind (id int)");
        }
    }

    @SchemaTest(tables = "audit_events")
    @Order(4)
    static class FindsNothingLeftAgainSample {

        @Test
        void startsClean(DSLContext dsl) {
            CleanStart.assertOn(dsl);
        }
    }

    /** What a class must find however its database was made: a new clone or one given back and reset. */
    static final class CleanStart {

        static void assertOn(DSLContext dsl) {
            assertThat(dsl.fetchCount(AUDIT_EVENTS)).isZero();
            assertThat(number(dsl, "SELECT count(*) FROM audit_events WHERE legal_hold")).isZero();
            assertThat(dsl.fetchOne("SELECT current_setting('statement_timeout')").get(0, String.class)).isEqualTo("0");
            assertThat(number(dsl, "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    + " WHERE l.locktype = 'advisory' AND d.datname = current_database()")).isZero();
            assertThat(number(dsl, "SELECT count(*) FROM pg_class WHERE relname = 'left_behind'")).isZero();
            assertThat(number(dsl, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'audit_events'"))
                    .isEqualTo(1);
        }

        private static long number(DSLContext dsl, String sql) {
            return dsl.fetchOne(sql).get(0, Long.class);
        }
    }

    @Test
    void aClassFindsNothingAnEarlierClassLeftInItsDatabaseWhetherReusedOrNew() {
        run(Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation"),
                LeavesRowsAndSessionStateSample.class, FindsNothingLeftSample.class, ChangesTheSchemaSample.class,
                FindsNothingLeftAgainSample.class).testEvents().assertStatistics(stats -> stats.succeeded(4).failed(0));
    }

    @Test
    void aLostCloneConnectionIsReplacedForTheNextClone() {
        // Not reused: the second test must clone again.
        run(Map.of("schema.test.pool-size", "0", "schema.test.recycle", "false"), LostCloneConnectionSample.class).testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
    }

    @Test
    void aBadSettingFailsTheClassNamingTheSetting() {
        run(Map.of("schema.test.clone-strategy", "sideways"), TypedQueriesSample.class).containerEvents().assertThatEvents()
                .haveExactly(1, event(finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message("schema.test.clone-strategy must be auto, wal_log or file_copy, was 'sideways'"))));
    }

    @Test
    void classesRunInParallelEachWithItsOwnDatabase() {
        // Not reused, so that five different names show five databases (a class finished early could give its
        // database back to a later one).
        EngineExecutionResults results = run(Map.of("schema.test.recycle", "false", "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
                FirstIsolationSample.class, SecondIsolationSample.class, TypedQueriesSample.class, PerMethodSample.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(5).failed(0));
        assertThat(SEEN).extracting(SchemaDatabase::database).doesNotHaveDuplicates().hasSize(5);
    }
}
