package io.kubernaut.schema.migrator.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.testing.Release;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityCheckTest {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, note TEXT);";

    @TempDir
    Path work;

    /** Scratch databases on the test server, remembering what was created and dropped. */
    private final List<String> created = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final ScratchDatabases databases = new ScratchDatabases() {
        @Override
        public DataSource create(String name) {
            TestPostgres.server().createDatabase(name, null);
            created.add(name);
            return TestPostgres.server().dataSource(name);
        }

        @Override
        public void drop(String name) {
            TestPostgres.server().dropDatabase(name);
            dropped.add(name);
        }
    };

    private FamilyArchive v1() {
        return Release.of("orders", "1.0.0").migration("create", CREATE).writeTo(work.resolve("v1"));
    }

    @Test
    void additiveVersionPassesBackwardAndTheUpgradePath() throws Exception {
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", CREATE)
                .migration("status", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;").writeTo(work.resolve("v2"));

        CompatibilityReport report = CompatibilityCheck.run(v1(), next, List.of(), CompatibilityMode.BACKWARD, databases);

        assertThat(report.passed()).isTrue();
        assertThat(report.describe()).isEqualTo("Family 'orders' 1.1.0 against 1.0.0: BACKWARD compatible; upgrading"
                + " from 1.0.0 gives the schema of a fresh install\n");
        assertThat(created).hasSize(2).allMatch(name -> name.startsWith("schema_compat_orders_"));
        assertThat(dropped).containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void additiveVersionFailsForward() throws Exception {
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", CREATE)
                .migration("status", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;").writeTo(work.resolve("v2"));

        CompatibilityReport report = CompatibilityCheck.run(v1(), next, List.of(), CompatibilityMode.FORWARD, null);

        assertThat(report.passed()).isFalse();
        assertThat(report.upgradePath()).as("not checked without databases").isNull();
        assertThat(report.describe()).isEqualTo("Family 'orders' 1.1.0 against 1.0.0: 1 problem\n"
                + "  FORWARD compatibility is broken:\n"
                + "    COLUMN_ADDED: column orders.status (text null) is new: code built against the new version fails on a"
                + " database at the previous version, which lacks it\n");
    }

    @Test
    void columnsMadeGeneratedAlwaysOnARealServerBreakBackward() throws Exception {
        FamilyArchive next = Release.of("orders", "1.1.0").migration("create", "CREATE TABLE IF NOT EXISTS orders ("
                + "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note TEXT GENERATED ALWAYS AS ('none') STORED);")
                .writeTo(work.resolve("v2"));

        CompatibilityReport report = CompatibilityCheck.run(v1(), next, List.of(), CompatibilityMode.BACKWARD, null);

        assertThat(report.violations()).extracting(CompatibilityViolation::kind, CompatibilityViolation::name)
                .containsExactly(
                        tuple(CompatibilityViolation.Kind.COLUMN_MADE_GENERATED, "orders.id"),
                        tuple(CompatibilityViolation.Kind.COLUMN_MADE_GENERATED, "orders.note"));
    }

    @Test
    void droppedColumnAndEditedMigrationAreAllListed() throws Exception {
        FamilyArchive next = Release.of("orders", "1.1.0")
                .migration("create", "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY);").writeTo(work.resolve("v2"));

        CompatibilityReport report = CompatibilityCheck.run(v1(), next, List.of(), CompatibilityMode.BACKWARD, databases);

        assertThat(report.passed()).isFalse();
        assertThat(report.problemCount()).isEqualTo(3);
        assertThat(report.describe())
                .startsWith("Family 'orders' 1.1.0 against 1.0.0: 3 problems\n  BACKWARD compatibility is broken:\n"
                        + "    COLUMN_REMOVED: column orders.note (text null) was removed or renamed")
                .contains("  Upgrading from 1.0.0 does not give the schema of a fresh install of 1.1.0 (expected: what a fresh"
                        + " install has; found: what an upgraded database has):\n"
                        + "    V1 (V1__create.sql) was changed after 'orders' 1.0.0 was released")
                .contains("    extra column orders.note (found: text null)\n");
    }

    @Test
    void noneStillChecksTheUpgradePath() throws Exception {
        FamilyArchive next = Release.of("orders", "1.1.0").withoutSnapshot()
                .migration("create", "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY);").writeTo(work.resolve("v2"));

        CompatibilityReport report = CompatibilityCheck.run(v1(), next, List.of(), CompatibilityMode.NONE, databases);

        assertThat(report.violations()).isEmpty();
        assertThat(report.upgradePath().passed()).isFalse();
        assertThat(report.describe()).doesNotContain("compatibility is broken").contains("Upgrading from 1.0.0 does not");
    }

    @Test
    void missingSnapshotIsAnErrorUnlessTheModeIsNone() {
        FamilyArchive previous = v1();
        FamilyArchive next = Release.of("orders", "1.1.0").withoutSnapshot().migration("create", CREATE)
                .writeTo(work.resolve("v2"));

        assertThatThrownBy(() -> CompatibilityCheck.run(previous, next, List.of(), CompatibilityMode.BACKWARD, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Family 'orders' 1.1.0 (" + work.resolve("v2") + ") has no snapshot.txt: build it with the"
                        + " schema Maven plugin's generate goal, or check with compatibility NONE");
    }

    @Test
    void differentFamiliesAreNotCompared() {
        FamilyArchive previous = v1();
        FamilyArchive other = Release.of("invoices", "1.0.0").migration("create", "CREATE TABLE IF NOT EXISTS invoices (id INT);")
                .writeTo(work.resolve("i"));

        assertThatThrownBy(() -> CompatibilityCheck.run(previous, other, List.of(), CompatibilityMode.BACKWARD, null))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("Cannot compare family 'invoices'");
    }
}
