package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrator repair}: a changed script accepted with who, when and why; refused without a reason. */
class RepairCommandTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String V1_EDITED = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY); -- why";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path edited;

    @BeforeEach
    void appliedThenEdited() {
        database = TestPostgres.newDatabase();
        Path original = Cli.events("1.0.0").writeTo(jars.resolve("original"));
        Result applied = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(original)));
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        edited = Cli.events("1.0.1").migration("V1__create_events.sql", V1_EDITED).writeTo(jars.resolve("edited"));
    }

    private String history(String column) {
        return database.value("SELECT " + column + " FROM public.schema_registry_history WHERE family = 'events'"
                + " AND version = 1");
    }

    @Test
    void applyRefusesTheEditedScriptUntilRepairAcceptsItWithTheReasonInTheHistory() {
        Result refused = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(edited)));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(3);

        Result repaired = Cli.run(Cli.args("repair", "--family", "events", "--version", "1", "--reason",
                "ticket 42: comment only", Cli.connect(database), Cli.classpath(edited)));

        assertThat(repaired.exitCode()).as(repaired.toString()).isZero();
        assertThat(repaired.out()).contains("Repaired 'events' V1", "ticket 42: comment only");
        assertThat(history("checksum")).isEqualTo(FamilyIndex.checksum(V1_EDITED));
        assertThat(history("kind")).isEqualTo("repaired");
        assertThat(history("note")).contains("ticket 42: comment only", "by " + database.server().user());

        Result after = Cli.run(Cli.args("migrate", Cli.connect(database), Cli.classpath(edited)));
        assertThat(after.exitCode()).as(after.toString()).isZero();
    }

    @Test
    void repairWithoutReasonIsAUsageErrorAndChangesNothing() {
        Result missing = Cli.run(Cli.args("repair", "--family", "events", "--version", "1", Cli.connect(database),
                Cli.classpath(edited)));
        Result blank = Cli.run(Cli.args("repair", "--family", "events", "--version", "1", "--reason", " ",
                Cli.connect(database), Cli.classpath(edited)));

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err()).contains("--reason");
        assertThat(blank.exitCode()).as(blank.toString()).isEqualTo(2);
        assertThat(blank.err()).contains("--reason is blank");
        assertThat(history("checksum")).isNotEqualTo(FamilyIndex.checksum(V1_EDITED));
        assertThat(history("kind")).isEqualTo("applied");
    }

    @Test
    void reasonFromTheEnvironmentDoesNotCount() {
        Result result = Cli.run(Map.of("MIGRATOR_REASON", "left over", "MIGRATOR_FAMILY", "events", "MIGRATOR_VERSION", "1"),
                Cli.args("repair", Cli.connect(database), Cli.classpath(edited)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(history("kind")).isEqualTo("applied");
    }

    @Test
    void repairOfAMigrationNeverAppliedExitsWith2AsJson() {
        Result result = Cli.run(Cli.args("repair", "--family", "events", "--version", "3", "--reason", "r", "--json",
                Cli.connect(database), Cli.classpath(Cli.events("1.0.2")
                        .migration("V3__more.sql", "SELECT 1;").writeTo(jars.resolve("v3")))));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.json().path("error").toString()).contains("never applied");
        assertThat(database.value("SELECT count(*) FROM public.schema_registry_history")).isEqualTo("2");
    }
}
