package io.kubernaut.schema.migrator.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.testing.Release;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrading from the previous release must give the schema of a fresh install. */
class UpgradePathTest {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, note TEXT);";
    private static final String ADD_STATUS = "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT NOT NULL DEFAULT 'new';";

    @TempDir
    Path work;

    private UpgradePathResult check(FamilyArchive previous, FamilyArchive next, FamilyArchive... others) throws Exception {
        return UpgradePath.check(previous, next, List.of(others), TestPostgres.newDatabase().dataSource(),
                TestPostgres.newDatabase().dataSource());
    }

    @Test
    void appendedMigrationsUpgradeToTheFreshSchema() throws Exception {
        FamilyArchive previous = Release.of("orders", "1.0.0").migration("create", CREATE).writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", CREATE).migration("status", ADD_STATUS)
                .writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.problems()).isEmpty();
        assertThat(result.differences()).isEmpty();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void releasedMigrationEditedInsteadOfANewOneIsReportedWithWhatUpgradedDatabasesLack() throws Exception {
        FamilyArchive previous = Release.of("orders", "1.0.0").migration("create", CREATE).writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0")
                .migration("create", CREATE.replace("note TEXT", "note TEXT, status TEXT NOT NULL DEFAULT 'new'"))
                .migration("index", "CREATE INDEX IF NOT EXISTS orders_note_idx ON orders (note);")
                .writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("V1 (V1__create.sql) was changed after 'orders' 1.0.0 was released (checksum ")
                .endsWith("a database at 1.0.0 refuses the upgrade; put the change in a new migration");
        assertThat(result.differences()).containsExactly(
                new Drift(Drift.Kind.MISSING_COLUMN, "orders.status", "text not null default 'new'::text", null));
        assertThat(result.differences().get(0).describe())
                .isEqualTo("missing column orders.status (expected: text not null default 'new'::text)");
    }

    @Test
    void aFunctionViewOrPartitionEditedIntoAReleasedMigrationIsWhatUpgradedDatabasesLack() throws Exception {
        String v1 = CREATE + "\nCREATE OR REPLACE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders $$;"
                + "\nCREATE OR REPLACE VIEW notes AS SELECT id, note FROM orders;"
                + "\nCREATE TABLE IF NOT EXISTS events (id bigint, day date) PARTITION BY RANGE (day);";
        FamilyArchive previous = Release.of("orders", "1.0.0").tables("orders", "events").migration("create", v1)
                .writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").tables("orders", "events").migration("create", v1
                .replace("SELECT count(*) FROM orders", "SELECT count(*) FROM orders WHERE note IS NOT NULL")
                .replace("SELECT id, note FROM orders", "SELECT id, note FROM orders WHERE note <> ''")
                + "\nCREATE TABLE IF NOT EXISTS events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');")
                .writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.differences()).extracting(Drift::kind, Drift::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Drift.Kind.PARTITIONS_MISSING, "events"),
                org.assertj.core.groups.Tuple.tuple(Drift.Kind.VIEW_CHANGED, "notes"),
                org.assertj.core.groups.Tuple.tuple(Drift.Kind.FUNCTION_CHANGED, "order_count()"));
    }

    @Test
    void releasedMigrationMissingFromTheNewVersionIsReported() throws Exception {
        FamilyArchive previous = Release.of("orders", "1.0.0").migration("create", CREATE).migration("status", ADD_STATUS)
                .writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", CREATE).writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.problems()).containsExactly("V2 (V2__status.sql) of 'orders' 1.0.0 is missing from 'orders' 1.1.0:"
                + " a database at 1.0.0 is ahead of it and refuses it; released migrations stay");
        assertThat(result.differences()).extracting(Drift::describe).containsExactly(
                "extra column orders.status (found: text not null default 'new'::text)");
    }

    @Test
    void droppedTableRemainsAsADifferenceWhenTheUpgradeKeepsIt() throws Exception {
        FamilyArchive previous = Release.of("orders", "1.0.0").tables("orders", "order_notes").migration("create",
                CREATE + "\nCREATE TABLE IF NOT EXISTS order_notes (id BIGINT);").writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", CREATE).writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.differences()).extracting(Drift::kind, Drift::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Drift.Kind.EXTRA_TABLE, "order_notes"));
    }

    @Test
    void failingUpgradeIsReportedAndNothingIsCompared() throws Exception {
        FamilyArchive previous = Release.of("orders", "1.0.0").migration("create", CREATE).writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").withoutSnapshot().migration("create", CREATE)
                .migration("broken", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_id BIGINT REFERENCES customers (id);")
                .writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next);

        assertThat(result.differences()).isEmpty();
        assertThat(result.problems()).singleElement().asString()
                .startsWith("upgrading 'orders' 1.0.0 to 'orders' 1.1.0 failed: migration 'orders' V2 (V2__broken.sql:1) failed")
                .contains("SQLSTATE 42P01");
    }

    @Test
    void requiredFamiliesAreAppliedFirstInBothDatabases() throws Exception {
        FamilyArchive customers = Release.of("customers", "2.0.0")
                .migration("create", "CREATE TABLE IF NOT EXISTS customers (id BIGINT PRIMARY KEY);").writeTo(work.resolve("c"));
        String withCustomer = "ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_id BIGINT REFERENCES customers (id);";
        FamilyArchive previous = Release.of("orders", "1.0.0").requires(customers).migration("create", CREATE)
                .writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "1.1.0").requires(customers).migration("create", CREATE)
                .migration("customer", withCustomer).writeTo(work.resolve("v2"));

        UpgradePathResult result = check(previous, next, customers);

        assertThat(result.problems()).isEmpty();
        assertThat(result.differences()).isEmpty();
    }
}
