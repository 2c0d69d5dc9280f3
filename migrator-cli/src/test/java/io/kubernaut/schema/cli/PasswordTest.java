package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password, however it is given, reaches the server and never the output, also on errors. The
 * tests connect as a role that must authenticate with its password (scram-sha-256): the embedded
 * server trusts local connections, so its pg_hba.conf gets a rule for this role first.
 */
class PasswordTest {

    private static final String ROLE = "cli_password_user";
    private static final String PASSWORD = "Pw-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Path events;

    @BeforeAll
    static void roleThatNeedsItsPassword() throws Exception {
        TestServer server = TestPostgres.server();
        try (Connection connection = server.dataSource(TestServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                    + " CREATE ROLE " + ROLE + " LOGIN; END IF; END $$");
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + ROLE + " PASSWORD '" + PASSWORD + "'");
            if (server.dataDirectory() != null) {
                Path hba = server.dataDirectory().resolve("pg_hba.conf");
                String rules = "host all " + ROLE + " 127.0.0.1/32 scram-sha-256\n"
                        + "host all " + ROLE + " ::1/128 scram-sha-256\n";
                String current = Files.readString(hba);
                if (!current.startsWith(rules)) {
                    Files.writeString(hba, rules + current);
                }
                statement.execute("SELECT pg_reload_conf()");
            }
        }
        awaitPasswordRequired(server);
    }

    /** pg_reload_conf() only signals the postmaster: wait until a connection without the password fails. */
    private static void awaitPasswordRequired(TestServer server) throws InterruptedException {
        String url = server.jdbcUrl(TestServer.MAINTENANCE_DATABASE);
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                DriverManager.getConnection(url, ROLE, "not-" + PASSWORD).close();
                Thread.sleep(50);
            } catch (SQLException e) {
                return;
            }
        }
        throw new AssertionError("the server still accepts " + ROLE + " without its password");
    }

    @BeforeEach
    void setUp() throws IOException {
        database = TestPostgres.newDatabase();
        // The database owner may create tables in its public schema (PostgreSQL 15+ gives others no CREATE there).
        database.execute("ALTER DATABASE \"" + database.name() + "\" OWNER TO " + ROLE);
        events = Cli.events("1.0.0").writeTo(jars);
    }

    private Path broken() {
        return FamilyJar.family("broken").version("1.0.0")
                .migration("V1__bad.sql", "CREATE TABLE broken (id no_such_type);").writeTo(jars);
    }

    private String urlWithPassword() {
        return database.jdbcUrl() + "?user=" + ROLE + "&password=" + PASSWORD;
    }

    private static void assertPasswordNotShown(Result result) {
        assertThat(result.all()).as(result.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutThePasswordTheServerRefusesWithExitCode4() {
        Result result = Cli.run(Cli.args("apply", "--url", database.jdbcUrl(), "--user", ROLE, Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    }

    @Test
    void passwordOptionIsUsedAndNeverPrinted() {
        Result result = Cli.run(Cli.args("apply", "--url", database.jdbcUrl(), "--user", ROLE, "--password", PASSWORD,
                Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Applied 2 migrations");
        assertPasswordNotShown(result);
    }

    @Test
    void pgpasswordFromTheEnvironmentIsUsedAndNeverPrinted() {
        Result result = Cli.run(Map.of("PGPASSWORD", PASSWORD),
                Cli.args("status", "--json", "--url", database.jdbcUrl(), "--user", ROLE, Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertPasswordNotShown(result);
    }

    @Test
    void passwordInsideTheUrlIsUsedAndNeverPrinted() {
        Result result = Cli.run(Cli.args("apply", "--url", urlWithPassword(), Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertPasswordNotShown(result);
    }

    @Test
    void wrongPasswordExitsWith4WithoutShowingIt() {
        String wrong = "Wrong-" + PASSWORD;

        Result result = Cli.run(Cli.args("apply", "--url", database.jdbcUrl(), "--user", ROLE, "--password=" + wrong,
                "--json", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).contains("password authentication failed for user \"" + ROLE + "\"");
        assertThat(result.all()).doesNotContain(wrong);
    }

    @Test
    void failingMigrationDoesNotShowThePasswordEvenVerboseOrAsJson() {
        for (String mode : new String[] {"--verbose", "--json"}) {
            Result result = Cli.run(Cli.args("apply", mode, "--url", urlWithPassword(), Cli.classpath(broken())));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertPasswordNotShown(result);
        }
    }

    @Test
    void unreachableServerAndInvalidUrlDoNotShowThePassword() {
        Result unreachable = Cli.run("status", "--verbose", "--url",
                "jdbc:postgresql://localhost:" + Cli.freePort() + "/x?password=" + PASSWORD);
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(4);
        assertPasswordNotShown(unreachable);

        Result invalid = Cli.run("status", "--url", "jdbc:postgres://localhost/x?user=a&password=" + PASSWORD);
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.err()).contains("is not a PostgreSQL URL", "password=***");
        assertPasswordNotShown(invalid);
    }

    @Test
    void mistypedPasswordOptionIsNotEchoedBack() {
        Result inline = Cli.run("apply", "--pasword=" + PASSWORD);
        Result separate = Cli.run("apply", "--json", "--passwd", PASSWORD);

        assertThat(inline.exitCode()).isEqualTo(2);
        assertThat(separate.exitCode()).isEqualTo(2);
        assertPasswordNotShown(inline);
        assertPasswordNotShown(separate);
    }
}
