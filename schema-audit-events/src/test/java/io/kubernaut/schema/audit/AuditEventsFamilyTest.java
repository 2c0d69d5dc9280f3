package io.kubernaut.schema.audit;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static io.kubernaut.schema.migrator.testing.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code audit_events} family as a service meets it: found on the classpath, applied by the
 * migrator, idempotent, usable in any schema, and shaped exactly like the snapshot in its jar.
 */
class AuditEventsFamilyTest {

    private static final String SNAPSHOT = "META-INF/schema-registry/audit_events/snapshot.txt";

    private TestPostgres.Database database;
    private final List<Connection> connections = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = TestPostgres.newDatabase();
    }

    @AfterEach
    void closeConnections() throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
    }

    /** jOOQ on a new connection whose search_path is {@code schema}: the generated classes are not schema-qualified. */
    private DSLContext dslIn(String schema) throws SQLException {
        Connection connection = database.dataSource().getConnection();
        connections.add(connection);
        DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
        dsl.execute("SET search_path TO {0}", name(schema));
        return dsl;
    }

    private ApplyResult applyTo(String schema) {
        return Migrator.using(database.dataSource()).withConfig(MigrationConfig.builder().schema(schema).build()).apply();
    }

    private static String partitionOf(LocalDate month) {
        return "audit_events_" + month.format(DateTimeFormatter.ofPattern("yyyy_MM"));
    }

    private static List<Integer> versions(ApplyResult result) {
        return result.applied().stream().map(AppliedMigration::migration).map(m -> m.version()).toList();
    }

    @Test
    void serviceLoaderFindsAuditEventsWithItsFourIndexedMigrations() throws IOException {
        assertThat(ServiceLoader.load(SchemaModule.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(AuditEventsSchemaModule.class);

        SchemaCatalog catalog = SchemaCatalog.discover();

        assertThat(catalog.familyNames()).containsExactly("audit_events");
        assertThat(catalog.tableOwners()).containsExactly(entry("audit_events", "audit_events"));
        SchemaModule family = catalog.family("audit_events").orElseThrow();
        assertThat(family).isInstanceOf(AuditEventsSchemaModule.class);
        assertThat(family.artifact()).isEqualTo("io.kubernaut.schema:schema-audit-events");
        assertThat(family.artifactVersion()).isNotBlank();
        assertThat(family.requires()).isEmpty();
        assertThat(family.migrations()).extracting(Migration::version, Migration::script, Migration::description,
                Migration::transactional).containsExactly(
                        tuple(1, "V1__create_audit_events.sql", "create audit events", true),
                        tuple(2, "V2__hash_chain.sql", "hash chain", true),
                        tuple(3, "V3__legal_hold.sql", "legal hold", true),
                        tuple(4, "V4__retention_check_and_cluster_id.sql", "retention check and cluster id", true));
        for (Migration migration : family.migrations()) {
            String source = Files.readString(Path.of("src/main/sql", migration.script()), StandardCharsets.UTF_8);
            assertThat(migration.checksum()).as("index checksum of %s", migration.script())
                    .isEqualTo(FamilyIndex.checksum(source))
                    .isEqualTo(FamilyIndex.checksum(family.readScript(migration)));
        }
    }

    @Test
    void freshApplyCreatesThePartitionedTableAndPartitionsFromLastMonthToThreeMonthsAhead() throws SQLException {
        ApplyResult result = applyTo("public");

        assertThat(result.families()).containsExactly("audit_events");
        assertThat(versions(result)).containsExactly(1, 2, 3, 4);
        assertThat(result.adoptions()).isEmpty();

        DSLContext dsl = dslIn("public");
        assertThat(dsl.fetchValue("SELECT pg_get_partkeydef('audit_events'::regclass)")).isEqualTo("RANGE (event_date)");

        LocalDate thisMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        var partitions = dsl.fetch("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1");
        List<LocalDate> months = List.of(thisMonth.minusMonths(1), thisMonth, thisMonth.plusMonths(1),
                thisMonth.plusMonths(2), thisMonth.plusMonths(3));
        assertThat(partitions).extracting(r -> r.get(0, String.class), r -> r.get(1, String.class))
                .containsExactlyElementsOf(months.stream().map(month -> tuple(partitionOf(month),
                        "FOR VALUES FROM ('" + month + "') TO ('" + month.plusMonths(1) + "')")).toList());

        assertThat(dsl.select(field("version", Integer.class), field("success", Boolean.class))
                .from(table(name("schema_registry_history"))).where(field("family").eq("audit_events"))
                .orderBy(field("version")).fetch())
                .extracting(r -> r.value1(), r -> r.value2())
                .containsExactly(tuple(1, true), tuple(2, true), tuple(3, true), tuple(4, true));
    }

    @Test
    void rerunAppliesNothingAndChangesNothing() throws SQLException {
        applyTo("public");
        List<String> tablesBefore = database.tables("public");
        try (Connection connection = database.dataSource().getConnection()) {
            SchemaSnapshot before = SchemaSnapshot.take(connection, "public", SchemaObjects.inSchema(connection, "public"));

            ApplyResult again = applyTo("public");

            assertThat(again.nothingApplied()).isTrue();
            assertThat(again.alreadyApplied()).isEqualTo(4);
            assertThat(SchemaSnapshot.take(connection, "public", SchemaObjects.inSchema(connection, "public"))).isEqualTo(before);
        }
        assertThat(database.tables("public")).isEqualTo(tablesBefore);
        assertThat(dslIn("public").fetchCount(table(name("schema_registry_history")))).isEqualTo(4);
    }

    @Test
    void theJarsSnapshotEqualsTheShapeOfTheMigratedTable() throws IOException, SQLException {
        SchemaSnapshot expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(SNAPSHOT)) {
            assertThat(in).as(SNAPSHOT + " on the classpath").isNotNull();
            expected = SchemaSnapshot.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(expected.entries()).containsKey("column\taudit_events.cluster_id");

        applyTo("public");
        applyTo("tenant_a");

        try (Connection connection = database.dataSource().getConnection()) {
            for (String schema : List.of("public", "tenant_a")) {
                SchemaSnapshot actual = SchemaSnapshot.take(connection, schema, expected.objects());
                assertThat(expected.compare(actual)).as("differences in schema %s", schema).isEmpty();
            }
        }
    }

    @Test
    void twoSchemasOfOneDatabaseHoldIndependentAuditTrails() throws SQLException {
        applyTo("tenant_a");
        applyTo("public");

        DSLContext tenantA = dslIn("tenant_a");
        DSLContext publicSchema = dslIn("public");
        UUID eventId = tenantA.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.CORRELATION_ID, "rr-tenant-a")
                .set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{\"tenant\": \"a\"}"))
                .returning(AUDIT_EVENTS.EVENT_ID)
                .fetchSingle(AUDIT_EVENTS.EVENT_ID);

        assertThat(tenantA.fetchCount(AUDIT_EVENTS)).isEqualTo(1);
        assertThat(publicSchema.fetchCount(AUDIT_EVENTS)).isZero();
        for (String schema : List.of("tenant_a", "public")) {
            assertThat(database.column("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                    + "' AND tablename NOT LIKE 'audit\\_events\\_%' ORDER BY 1"))
                    .as("tables of %s besides partitions", schema)
                    .containsExactly("audit_events", "schema_registry_history");
            assertThat(database.value("SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + schema
                    + "' AND c.relname = 'audit_events'")).isEqualTo("1");
            assertThat(database.value("SELECT count(*) FROM \"" + schema + "\".schema_registry_history")).isEqualTo("4");
        }
        // The triggers of tenant_a act on tenant_a and say so.
        var error = assertRefused(() -> tenantA.update(AUDIT_EVENTS).set(AUDIT_EVENTS.CORRELATION_ID, "rr-moved")
                .where(AUDIT_EVENTS.EVENT_ID.eq(eventId)).execute(), "23001", "audit_events_immutable");
        assertThat(error.getSchema()).isEqualTo("tenant_a");
    }

    @Test
    void aSchemaNameThatNeedsQuotingGetsAWorkingAuditTrail() throws SQLException {
        String schema = "Tenant \"B\"; -- x";
        ApplyResult result = applyTo(schema);
        LocalDate lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);

        DSLContext dsl = dslIn(schema);
        dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.EVENT_TIMESTAMP, lastMonth.atTime(6, 0).atOffset(ZoneOffset.UTC))
                .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}"))
                .execute();
        Integer created = dsl.select(field("create_audit_events_partitions({0}, {1})", Integer.class,
                DSL.val(lastMonth.plusMonths(4)), DSL.val(lastMonth.plusMonths(5)))).fetchOne(0, Integer.class);

        assertThat(result.applied()).hasSize(4);
        assertThat(created).isEqualTo(1);
        assertThat(dsl.select(AUDIT_EVENTS.EVENT_DATE).from(AUDIT_EVENTS).fetchSingle(AUDIT_EVENTS.EVENT_DATE)).isEqualTo(lastMonth);
        assertThat(database.column("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'Tenant \"B\"; -- x' AND c.relname LIKE 'audit\\_events\\_%' AND c.relkind = 'r'"))
                .hasSize(6).contains(partitionOf(lastMonth.plusMonths(5)));
    }

    @Test
    void triggersKeepTheirSchemaWhateverTheCallersSearchPath() throws SQLException {
        applyTo("tenant_a");
        applyTo("public");
        LocalDate lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1);

        // An empty search_path: the back-dated row is re-inserted by the trigger through tenant_a's
        // parent table (pg_partition_root), not through whatever audit_events the caller sees.
        DSLContext dsl = dslIn("public");
        dsl.execute("SET search_path TO ''");
        dsl.execute("INSERT INTO tenant_a.audit_events (event_timestamp, event_data) VALUES ({0}, '{}')",
                lastMonth.atTime(6, 0).atOffset(ZoneOffset.UTC));

        assertThat(database.value("SELECT event_date || ' ' || tableoid::regclass FROM tenant_a.audit_events"))
                .isEqualTo(lastMonth + " tenant_a." + partitionOf(lastMonth));
        assertThat(database.value("SELECT count(*) FROM public.audit_events")).isEqualTo("0");
    }
}
