package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

/**
 * A database named by the environment (libpq's PG* variables, DATABASE_URL, MIGRATOR_*) or a config
 * file is the one migrated: never an embedded PostgreSQL instead, also when it is down.
 */
class DatabaseFromEnvironmentTest {

    @TempDir
    Path directory;

    private TestPostgres.Database database;
    private Path events;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        events = Cli.events("1.0.0").writeTo(directory);
    }

    /** PGHOST, PGPORT, PGDATABASE, PGUSER (and PGPASSWORD where the server has one) of the test database. */
    private Map<String, String> libpq() {
        Properties url = Driver.parseURL(database.jdbcUrl(), null);
        Map<String, String> environment = new HashMap<>(Map.of("PGHOST", url.getProperty("PGHOST"),
                "PGPORT", url.getProperty("PGPORT"), "PGDATABASE", database.name(), "PGUSER", database.server().user()));
        if (!database.server().password().isEmpty()) {
            environment.put("PGPASSWORD", database.server().password());
        }
        return environment;
    }

    /** The test database as a libpq URL, postgres://user[:password]@host:port/database. */
    private String libpqUrl() {
        Properties url = Driver.parseURL(database.jdbcUrl(), null);
        String password = database.server().password().isEmpty() ? "" : ":" + database.server().password();
        return "postgres://" + database.server().user() + password + "@" + url.getProperty("PGHOST") + ":"
                + url.getProperty("PGPORT") + "/" + database.name() + "?sslmode=disable";
    }

    @Test
    void pgVariablesNameTheDatabaseThatIsMigrated() {
        Result result = Cli.run(libpq(), Cli.args("apply", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("embedded");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
        assertThat(database.tables("public")).contains("events");
    }

    @Test
    void databaseUrlInLibpqFormIsMigratedWithoutShowingItsPassword() {
        Result result = Cli.run(Map.of("DATABASE_URL", libpqUrl()), Cli.args("apply", "--json", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("appliedCount").asInt()).isEqualTo(2);
        assertThat(database.history("public")).hasSize(2);
        if (!database.server().password().isEmpty()) {
            assertThat(result.all()).doesNotContain(database.server().password());
        }
    }

    @Test
    void namedDatabaseThatIsDownFailsWithExitCode4AndNoEmbeddedDatabaseIsStarted() {
        Map<String, String> environment = Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(Cli.freePort()),
                "PGDATABASE", "app", "PGUSER", "app");

        Result result = Cli.run(environment, Cli.args("apply", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).contains("Cannot connect to PostgreSQL").doesNotContain("embedded");
    }

    @Test
    void optionsOutrankTheEnvironmentWhichOutranksTheConfigFileWhichOutranksDatabaseUrl() throws IOException {
        String down = "postgres://nobody@localhost:" + Cli.freePort() + "/nothing";
        Path config = Files.writeString(directory.resolve("migrator.properties"), "url=" + database.jdbcUrl() + "\nuser="
                + database.server().user() + "\n" + (database.server().password().isEmpty() ? ""
                : "password=" + database.server().password() + "\n"));

        Result fromFile = Cli.run(Map.of("DATABASE_URL", down, "MIGRATOR_CONFIG", config.toString()),
                Cli.args("apply", "--tables", "events", Cli.classpath(events)));
        assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
        assertThat(database.history("public")).hasSize(2);

        Result fromEnvironment = Cli.run(Map.of("MIGRATOR_URL", "jdbc:postgresql://localhost:" + Cli.freePort() + "/x",
                "MIGRATOR_CONFIG", config.toString()), Cli.args("status", Cli.classpath(events)));
        assertThat(fromEnvironment.exitCode()).as("MIGRATOR_URL outranks the file: " + fromEnvironment).isEqualTo(4);

        Result fromOption = Cli.run(Map.of("MIGRATOR_URL", "jdbc:postgresql://localhost:" + Cli.freePort() + "/x"),
                Cli.args("status", Cli.connect(database), Cli.classpath(events)));
        assertThat(fromOption.exitCode()).as("--url outranks MIGRATOR_URL: " + fromOption).isZero();
        assertThat(fromOption.out()).contains("up to date");
    }

    @Test
    void embeddedForcesAThrowawayDatabaseAndLeavesTheNamedOneAlone() {
        Result result = Cli.run(libpq(), Cli.args("apply", "--embedded", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains("using an embedded PostgreSQL", "--embedded (command line)");
        assertThat(database.history("public")).isEmpty();
    }

    @Test
    void noEmbeddedRefusesWhenNothingNamesADatabase() {
        Result result = Cli.run(Map.of("MIGRATOR_EMBEDDED", "false"), Cli.args("apply", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("No database named", "MIGRATOR_EMBEDDED");
    }

    @Test
    void planAndStatusOnTheEmbeddedDatabaseSayTheyDescribeAThrowawayDatabase() {
        for (String command : new String[] {"plan", "status"}) {
            Result result = Cli.run(Cli.args(command, Cli.classpath(events)));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.err()).contains("using an embedded PostgreSQL", "nothing names a database",
                    command + " describes an empty throwaway database");
        }
    }

    @Test
    void pgsslmodeReachesTheDriver() {
        Map<String, String> environment = new HashMap<>(libpq());
        environment.put("PGSSLMODE", "require");

        Result result = Cli.run(environment, Cli.args("status", Cli.classpath(events)));

        // The test servers have no TLS: a driver that honours sslmode=require refuses to go on without it.
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).contains("SSL");
    }
}
