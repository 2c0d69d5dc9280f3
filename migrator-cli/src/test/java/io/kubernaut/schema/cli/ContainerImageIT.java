package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The image of deploy/docker/Dockerfile against PostgreSQL in a container on a Docker network,
 * configured by environment only: the database's state and the exit code are what a Kubernetes Job
 * or a CI step would see.
 */
class ContainerImageIT {

    private static NetworkedPostgres postgres;
    private static String image;

    @BeforeAll
    static void start() {
        image = MigratorImage.tag();
        postgres = NetworkedPostgres.start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Map<String, String> libpq(TestPostgres.Database database) {
        return Map.of("PGHOST", NetworkedPostgres.HOST, "PGDATABASE", database.name(), "PGUSER", postgres.user(),
                "PGPASSWORD", postgres.password());
    }

    @Test
    void imageRunsAsANonRootUserAndAppliesItsFamiliesByDefault() {
        TestPostgres.Database database = postgres.newDatabase();

        ContainerRun run = ContainerRun.of(image).network(postgres.network()).env(libpq(database)).run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("Applied", "to schema 'public'");
        assertThat(database.tables("public")).contains("audit_events", "workflows", "workflow_versions",
                "schema_registry_history");
        assertThat(database.history("public")).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith(" true"))
                .anySatisfy(row -> assertThat(row).startsWith("audit_events V1"))
                .anySatisfy(row -> assertThat(row).startsWith("workflows V1"));
        assertThat(DockerClientFactory.instance().client().inspectImageCmd(image).exec().getConfig().getUser())
                .isEqualTo("10001:10001");
    }

    @Test
    void secondRunAppliesNothingAndStatusSaysUpToDateOnOneJsonLine() throws Exception {
        TestPostgres.Database database = postgres.newDatabase();
        ContainerRun first = ContainerRun.of(image).network(postgres.network()).env(libpq(database)).run();
        assertThat(first.exitCode()).as(first.toString()).isZero();

        ContainerRun status = ContainerRun.of(image).network(postgres.network()).env(libpq(database))
                .env("MIGRATOR_JSON", "true").args("status").run();

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout().strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(status.stdout());
        assertThat(json.get("families")).isNotEmpty()
                .allSatisfy(family -> assertThat(family.get("state").asText()).isEqualTo("UP_TO_DATE"));
    }

    @Test
    void flightRecorderInJavaToolOptionsRunsWithoutTheArchive() {
        TestPostgres.Database database = postgres.newDatabase();

        ContainerRun run = ContainerRun.of(image).network(postgres.network()).env(libpq(database))
                .env("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=/tmp/run.jfr").run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stderr()).contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(database.tables("public")).contains("audit_events", "workflows", "schema_registry_history");
    }

    @Test
    void databaseUrlAndJsonLogsFromTheEnvironmentOnAReadOnlyRootFileSystem() throws Exception {
        TestPostgres.Database database = postgres.newDatabase();
        String url = "postgresql://" + postgres.user() + ":" + postgres.password() + "@" + NetworkedPostgres.HOST
                + ":5432/" + database.name();

        ContainerRun run = ContainerRun.of(image).network(postgres.network()).env("DATABASE_URL", url)
                .env("MIGRATOR_LOG_FORMAT", "json").env("MIGRATOR_TABLES", "audit_events")
                .readOnlyRootFilesystem().dropAllCapabilities().noNewPrivileges().run();

        assertThat(run.exitCode()).as(run.toString()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : run.stderr().strip().split("\n")) {
            assertThat(mapper.readTree(line).get("event")).as(line).isNotNull();
        }
        assertThat(run.stderr()).contains("\"event\":\"migration.finished\"", "\"event\":\"run.finished\"")
                .doesNotContain(postgres.password() + "@");
        assertThat(database.tables("public")).contains("audit_events").doesNotContain("workflows");
    }

    @Test
    void passwordFromThePasswordFileThatPgpassfileNames() {
        TestPostgres.Database database = postgres.newDatabase();
        Map<String, String> withoutPassword = new HashMap<>(libpq(database));
        withoutPassword.remove("PGPASSWORD");
        // The file is written by the container's shell first: the image has no other way in for it.
        List<String> writeFileThenStatus = List.of("/bin/sh", "-c", "echo \"$PGPASS_LINE\" > /tmp/pgpass && exec java"
                + " -cp '/opt/migrator/lib/migrator-cli.jar:/opt/migrator/families/*' io.kubernaut.schema.cli.MigratorCli"
                + " status");
        String line = NetworkedPostgres.HOST + ":5432:" + database.name() + ":" + postgres.user() + ":"
                + postgres.password();

        ContainerRun withFile = ContainerRun.of(image).network(postgres.network()).env(withoutPassword)
                .env("PGPASS_LINE", line).env("PGPASSFILE", "/tmp/pgpass").entrypoint(writeFileThenStatus).run();
        ContainerRun withoutFile = ContainerRun.of(image).network(postgres.network()).env(withoutPassword)
                .env("PGPASS_LINE", line).entrypoint(writeFileThenStatus).run();

        assertThat(withFile.exitCode()).as(withFile.toString()).isZero();
        assertThat(withoutFile.exitCode()).as("no password at all: " + withoutFile).isEqualTo(4);
    }

    @Test
    void containerThatNamesNoDatabaseRefusesTheEmbeddedOneWithExitCode2() {
        ContainerRun run = ContainerRun.of(image).args("apply").run();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.stderr()).contains("No database named", "MIGRATOR_EMBEDDED");
    }

    @Test
    void refusedPasswordEndsWithExitCode4WithoutShowingIt() {
        TestPostgres.Database database = postgres.newDatabase();
        String wrong = "Wrong-" + postgres.password() + "-pw";

        ContainerRun run = ContainerRun.of(image).network(postgres.network()).env(libpq(database))
                .env("PGPASSWORD", wrong).run();

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.stderr()).contains("password authentication failed");
        assertThat(run.stdout() + run.stderr()).doesNotContain(wrong);
        assertThat(database.tables("public")).isEmpty();
    }
}
