package io.kubernaut.schema.audit;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database made by an older artifact (V1..V2: cluster_name, no legal hold, no retention check)
 * upgraded by this jar: the data survives and only the new migrations run.
 */
class AuditEventsUpgradeTest {

    /** The column as V1..V3 had it; the generated classes only know its V4 name, cluster_id. */
    private static final Field<String> CLUSTER_NAME = field(name("cluster_name"), String.class);

    private TestPostgres.Database database;
    private SchemaModule family;
    private Connection connection;
    private DSLContext dsl;

    @BeforeEach
    void applyTheOlderArtifact() throws SQLException {
        database = TestPostgres.newDatabase();
        family = SchemaCatalog.discover().family("audit_events").orElseThrow();
        ApplyResult old = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.of(new FirstMigrations(family, 2))).apply();
        assertThat(old.applied()).extracting(a -> a.migration().version()).containsExactly(1, 2);
        connection = database.dataSource().getConnection();
        dsl = DSL.using(connection, SQLDialect.POSTGRES);
    }

    @AfterEach
    void closeConnection() throws SQLException {
        if (connection != null) { // null when setUp was skipped (no Docker for the Testcontainers run)
            connection.close();
        }
    }

    private List<String> columns() {
        return database.column("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = 'audit_events' ORDER BY ordinal_position");
    }

    private void insertOldEvent(String correlationId, String clusterName, int retentionDays) {
        dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.CORRELATION_ID, correlationId)
                .set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                .set(AUDIT_EVENTS.RETENTION_DAYS, retentionDays)
                .set(CLUSTER_NAME, clusterName)
                .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{\"signal_type\": \"OOMKilled\"}"))
                .execute();
    }

    @Test
    void upgradingFromV2KeepsTheRowsAndMovesClusterNameIntoClusterId() {
        assertThat(columns()).contains("cluster_name").doesNotContain("cluster_id", "legal_hold");
        insertOldEvent("rr-1", "prod-eu-1", 30);
        insertOldEvent("rr-2", "prod-us-2", 2555);

        ApplyResult upgrade = Migrator.using(database.dataSource()).apply();

        assertThat(upgrade.applied()).extracting(a -> a.migration().version()).containsExactly(3, 4);
        assertThat(upgrade.alreadyApplied()).isEqualTo(2);
        assertThat(columns()).contains("cluster_id", "legal_hold").doesNotContain("cluster_name");
        assertThat(dsl.selectFrom(AUDIT_EVENTS).orderBy(AUDIT_EVENTS.CORRELATION_ID).fetch())
                .extracting(AuditEventsRecord::getCorrelationId, AuditEventsRecord::getClusterId,
                        AuditEventsRecord::getRetentionDays, AuditEventsRecord::getLegalHold, AuditEventsRecord::getHashAlgorithm)
                .containsExactly(tuple("rr-1", "prod-eu-1", 30, false, "sha256-unkeyed"),
                        tuple("rr-2", "prod-us-2", 2555, false, "sha256-unkeyed"));
        assertThat(dsl.select(field("version", Integer.class)).from(table(name("schema_registry_history")))
                .where(field("family").eq("audit_events")).orderBy(field("installed_at")).fetch(0, Integer.class))
                .containsExactly(1, 2, 3, 4);
    }

    @Test
    void anUpgradedTableHasTheSameShapeAsAFreshOne() throws IOException, SQLException {
        insertOldEvent("rr-1", "prod-eu-1", 30);

        Migrator.using(database.dataSource()).apply();

        SchemaSnapshot fresh;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/schema-registry/audit_events/snapshot.txt")) {
            fresh = SchemaSnapshot.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(fresh.compare(SchemaSnapshot.take(connection, "public", fresh.objects()))).isEmpty();
    }

    @Test
    void anUpgradeStopsAtV4WhenOldRowsBreakTheRetentionRangeAndSaysHowMany() {
        insertOldEvent("rr-1", "prod-eu-1", 0);
        insertOldEvent("rr-2", "prod-eu-1", 9999);
        insertOldEvent("rr-3", "prod-eu-1", 30);

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class,
                () -> Migrator.using(database.dataSource()).apply());

        assertThat(failure.family()).isEqualTo("audit_events");
        assertThat(failure.version()).isEqualTo(4);
        assertThat(failure.sqlState()).isEqualTo("23514");
        assertThat(failure.serverMessage()).contains("2 row(s) have retention_days outside 1..2555");
        // V3 committed, V4 rolled back as a whole: the rename did not happen either.
        assertThat(columns()).contains("legal_hold", "cluster_name").doesNotContain("cluster_id");
        assertThat(database.column("SELECT version FROM schema_registry_history ORDER BY version")).containsExactly("1", "2", "3");

        dsl.update(AUDIT_EVENTS).set(AUDIT_EVENTS.RETENTION_DAYS, 2555)
                .where(AUDIT_EVENTS.RETENTION_DAYS.notBetween(1, 2555)).execute();
        assertThat(Migrator.using(database.dataSource()).apply().applied()).extracting(a -> a.migration().version())
                .containsExactly(4);
    }
}
