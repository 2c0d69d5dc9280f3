package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrator compat}, in-process, both versions resolved from a file:// repository the test
 * builds (offline, an empty local repository and settings), the upgrade path on the test server.
 */
class CompatCommandTest {

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, note TEXT);";

    @TempDir
    Path temp;

    private TestRepository repository;
    private Path local;

    @BeforeEach
    void setUp() {
        repository = TestRepository.in(temp.resolve("repository"));
        local = temp.resolve("local");
    }

    private List<String> offline() {
        return Cli.offline(repository, local);
    }

    /** Deploys {@code family} (with the snapshot the plugin would ship) as io.x:schema-orders:version. */
    private void deploy(FamilyJar family, String version) {
        Path jar = family.version(version).withSnapshot().writeTo(temp.resolve("jars-" + version));
        repository.deploy("io.x:schema-orders:" + version, jar, TestRepository.pom("io.x:schema-orders:" + version));
    }

    private static FamilyJar orders() {
        return FamilyJar.family("orders").migration("V1__create_orders.sql", CREATE);
    }

    private static List<String> scratchServer() {
        return Cli.connect(TestPostgres.newDatabase());
    }

    @Test
    void additiveVersionIsBackwardCompatibleAndUpgradesToTheFreshSchema() {
        deploy(orders(), "1.0.0");
        deploy(orders().migration("V2__status.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;"), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:1.0.0", offline(), scratchServer()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("Family 'orders' 1.1.0 against 1.0.0: BACKWARD compatible; upgrading from"
                + " 1.0.0 gives the schema of a fresh install\n");
    }

    @Test
    void droppedColumnExitsWith3AndListsTheViolation() {
        deploy(orders(), "1.0.0");
        deploy(orders().migration("V2__drop_note.sql", "ALTER TABLE orders DROP COLUMN IF EXISTS note;"), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:1.0.0", offline(), scratchServer()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).startsWith("Family 'orders' 1.1.0 against 1.0.0: 1 problem\n"
                + "  BACKWARD compatibility is broken:\n"
                + "    COLUMN_REMOVED: column orders.note (text null) was removed or renamed");
    }

    @Test
    void jsonCarriesEveryViolationAndTheUpgradePath() {
        deploy(orders(), "1.0.0");
        deploy(orders().migration("V2__drop_note.sql", "ALTER TABLE orders DROP COLUMN IF EXISTS note;"), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--json", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:1.0.0", "--compatibility", "full", offline(), scratchServer()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        JsonNode json = result.json();
        assertThat(json.get("family").asText()).isEqualTo("orders");
        assertThat(json.get("against").asText()).isEqualTo("io.x:schema-orders:1.0.0");
        assertThat(json.get("mode").asText()).isEqualTo("FULL");
        assertThat(json.get("compatible").asBoolean()).isFalse();
        JsonNode violation = json.get("violations").get(0);
        assertThat(violation.get("kind").asText()).isEqualTo("COLUMN_REMOVED");
        assertThat(violation.get("breaks").asText()).isEqualTo("BACKWARD");
        assertThat(violation.get("table").asText()).isEqualTo("orders");
        assertThat(violation.get("column").asText()).isEqualTo("note");
        assertThat(violation.get("previous").asText()).isEqualTo("text null");
        assertThat(violation.get("next").isNull()).isTrue();
        assertThat(json.get("violations")).hasSize(1).as("a nullable column may go under FORWARD");
        assertThat(json.get("upgradePath").get("passed").asBoolean()).isTrue();
    }

    @Test
    void upgradePathThatDivergesFromAFreshInstallExitsWith3() {
        deploy(orders(), "1.0.0");
        deploy(FamilyJar.family("orders").migration("V1__create_orders.sql",
                CREATE.replace("note TEXT", "note TEXT, status TEXT")), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:1.0.0", offline(), scratchServer()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).contains("  BACKWARD compatible\n",
                "  Upgrading from 1.0.0 does not give the schema of a fresh install of 1.1.0 (expected: what a fresh install"
                        + " has; found: what an upgraded database has):\n",
                "    V1 (V1__create_orders.sql) was changed after 'orders' 1.0.0 was released",
                "    missing column orders.status (expected: text null)\n");
    }

    @Test
    void previousIsTheHighestReleaseBelowTheVersionOnAnEmbeddedPostgres() {
        deploy(orders(), "1.0.0");
        deploy(orders().migration("V2__status.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;"), "1.1.0");
        deploy(orders().migration("V2__status.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;")
                .migration("V3__drop_note.sql", "ALTER TABLE orders DROP COLUMN IF EXISTS note;"), "2.0.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:2.0.0", "--previous", offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).startsWith("Family 'orders' 2.0.0 against 1.1.0: 1 problem\n");
        assertThat(result.err()).contains("trying the upgrade path on an embedded PostgreSQL (temporary): nothing names a database");
    }

    @Test
    void previousWithoutAnEarlierReleaseChecksNothing() {
        deploy(orders(), "1.0.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.0.0", "--previous",
                "--no-upgrade-path", offline()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("no release of io.x:schema-orders before 1.0.0: nothing to check against"
                + " (a first release)\n");
    }

    @Test
    void noUpgradePathNeedsNoDatabase() {
        deploy(orders(), "1.0.0");
        deploy(orders().migration("V2__status.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT;"), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:1.0.0", "--compatibility", "FORWARD", "--no-upgrade-path", offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).contains("COLUMN_ADDED: column orders.status (text null) is new");
        assertThat(result.err()).doesNotContain("embedded PostgreSQL");
    }

    @Test
    void usageMistakesExitWith2BeforeAnythingIsResolved() {
        Result neither = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", offline()));
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("Give the earlier version with --against GROUP:ARTIFACT:VERSION, or --previous");

        Result mode = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--previous",
                "--compatibility", "SIDEWAYS", offline()));
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("--compatibility: Unknown compatibility mode 'SIDEWAYS': use one of BACKWARD,"
                + " FORWARD, FULL, NONE");

        Result two = Cli.run(Cli.args("compat", "--artifact", "io.x:a:1", "--artifact", "io.x:b:1", "--previous", offline()));
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("Give the version to check as one --artifact GROUP:ARTIFACT:VERSION");
    }

    @Test
    void unknownEarlierVersionExitsWith2NamingIt() {
        deploy(orders(), "1.1.0");

        Result result = Cli.run(Cli.args("compat", "--artifact", "io.x:schema-orders:1.1.0", "--against",
                "io.x:schema-orders:0.9.0", "--no-upgrade-path", offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("error: io.x:schema-orders:0.9.0 not found in local repository");
    }

    @Test
    void helpDescribesTheCommand() {
        Result result = Cli.run("compat", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: migrator compat", "--against", "--previous", "--compatibility",
                "Exit codes:");
        assertThat(Cli.run("--help").out()).contains("compat");
    }
}
