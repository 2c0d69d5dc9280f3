package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrator config} and {@code --print-config}: what is in effect and from where, password masked. */
class ConfigCommandTest {

    private static final String PASSWORD = "Pw-never-shown-4711";

    @TempDir
    Path directory;

    @Test
    void configShowsEachSettingWithItsVariableAndSourceAndMasksThePassword() throws IOException {
        Path yaml = Files.writeString(directory.resolve("m.yaml"), "lock-wait: 15\ntables: [audit_events]\n");
        Map<String, String> environment = Map.of("MIGRATOR_SCHEMA", "tenant", "MIGRATOR_CONFIG", yaml.toString(),
                "DATABASE_URL", "postgres://app:" + PASSWORD + "@db.internal:5432/app");

        Result result = Cli.run(environment, "config", "--all-or-nothing");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines())
                .anySatisfy(line -> assertThat(line).matches("--schema\\s+MIGRATOR_SCHEMA\\s+tenant\\s+environment"
                        + " MIGRATOR_SCHEMA"))
                .anySatisfy(line -> assertThat(line).matches("--lock-wait\\s+MIGRATOR_LOCK_WAIT\\s+15\\s+config file .*"
                        + "m\\.yaml \\(lock-wait\\)"))
                .anySatisfy(line -> assertThat(line).matches("--tables\\s+MIGRATOR_TABLES\\s+audit_events\\s+config"
                        + " file .*"))
                .anySatisfy(line -> assertThat(line).matches("--all-or-nothing\\s+MIGRATOR_ALL_OR_NOTHING\\s+true\\s+"
                        + "command line"))
                .anySatisfy(line -> assertThat(line).matches("--families\\s+MIGRATOR_FAMILIES\\s+-\\s+not set"))
                .contains("Database: jdbc:postgresql://db.internal:5432/app (DATABASE_URL)",
                        "  user:     app (DATABASE_URL)", "  password: *** (DATABASE_URL)");
        assertThat(result.all()).doesNotContain(PASSWORD);
    }

    @Test
    void printConfigShowsOneCommandsSettingsAsJsonAndRunsNothing() {
        Map<String, String> environment = Map.of("PGHOST", "db", "PGUSER", "app", "PGPASSWORD", PASSWORD,
                "MIGRATOR_PASSWORD", "");

        Result result = Cli.run(environment, "apply", "--print-config", "--json", "--password=" + PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("command").asText()).isEqualTo("apply");
        assertThat(json.get("options")).anySatisfy(option -> {
            assertThat(option.get("option").asText()).isEqualTo("--password");
            assertThat(option.get("value").asText()).isEqualTo("***");
            assertThat(option.get("source").asText()).isEqualTo("command line");
        });
        assertThat(json.at("/database/url").asText()).isEqualTo("jdbc:postgresql://db:5432/app");
        assertThat(json.at("/database/urlSource").asText()).isEqualTo("PGHOST, PGUSER");
        assertThat(json.at("/database/password").asText()).isEqualTo("***");
        assertThat(json.at("/database/passwordSource").asText()).isEqualTo("command line");
        assertThat(result.all()).doesNotContain(PASSWORD);
    }

    @Test
    void configSaysWhenTheEmbeddedDatabaseWouldBeUsedAndWhy() {
        Result result = Cli.run("config");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Database: an embedded PostgreSQL, started for the command: nothing names a"
                + " database");
    }

    @Test
    void jsonIsOneLineUnlessPretty() {
        Result compact = Cli.run("config", "--json");
        Result pretty = Cli.run("config", "--json", "--pretty");

        assertThat(compact.out().strip()).doesNotContain("\n");
        assertThat(pretty.out().strip().lines().count()).isGreaterThan(10);
        assertThat(pretty.json().get("database")).isEqualTo(compact.json().get("database"));
    }
}
