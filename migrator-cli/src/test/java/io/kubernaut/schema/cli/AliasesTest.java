package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway's verbs: {@code migrate} is {@code apply}, {@code info} is {@code status}. */
class AliasesTest {

    @TempDir
    Path jars;

    @Test
    void migrateAppliesAndInfoReportsLikeStatus() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path events = Cli.events("1.0.0").writeTo(jars);

        Result migrate = Cli.run(Cli.args("migrate", Cli.connect(database), Cli.classpath(events)));
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(database.tables("public")).contains("events");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");

        Result info = Cli.run(Cli.args("info", "--json", Cli.connect(database), Cli.classpath(events)));
        Result status = Cli.run(Cli.args("status", "--json", Cli.connect(database), Cli.classpath(events)));
        assertThat(info.exitCode()).as(info.toString()).isZero();
        assertThat(info.json().path("families")).isEqualTo(status.json().path("families"));
    }

    @Test
    void helpNamesTheAliases() {
        Result result = Cli.run("--help");

        assertThat(result.out()).contains("apply, migrate", "status, info", "repair");
    }
}
