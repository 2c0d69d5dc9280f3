package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Which database the connection options name, row by row: the URL and the credentials, and where
 * each came from, for the options, the MIGRATOR_* variables, the config file, DATABASE_URL (libpq URL
 * form included) and libpq's PG* variables. Only parsed and resolved; nothing connects.
 */
class DatabaseTargetTest {

    private static final String USER_NAME = System.getProperty("user.name");

    @TempDir
    Path directory;

    static Stream<Arguments> targets() {
        return Stream.of(
                row("DATABASE_URL in libpq form: converted, credentials taken out",
                        Map.of("DATABASE_URL", "postgres://alice:pw@db.example:6432/app?sslmode=require"), List.of(),
                        "jdbc:postgresql://db.example:6432/app?sslmode=require", "DATABASE_URL", "alice", "DATABASE_URL",
                        "pw", "DATABASE_URL"),
                row("postgresql:// with percent-encoded credentials and libpq parameter names",
                        Map.of("DATABASE_URL", "postgresql://al%40ice:p%40ss+word@db/app?application_name=svc"
                                + "&target_session_attrs=read-write&connect_timeout=5"), List.of(),
                        "jdbc:postgresql://db/app?ApplicationName=svc&targetServerType=primary&connectTimeout=5",
                        "DATABASE_URL", "al@ice", "DATABASE_URL", "p@ss+word", "DATABASE_URL"),
                row("the libpq variables",
                        Map.of("PGHOST", "db", "PGPORT", "5433", "PGDATABASE", "app", "PGUSER", "bob", "PGPASSWORD", "x"),
                        List.of(), "jdbc:postgresql://db:5433/app", "PGHOST, PGPORT, PGDATABASE, PGUSER", "bob", "PGUSER",
                        "x", "PGPASSWORD"),
                row("PGHOST alone: port 5432, the database named after the user, as psql does",
                        Map.of("PGHOST", "db"), List.of(), "jdbc:postgresql://db:5432/" + USER_NAME, "PGHOST", null, null,
                        null, null),
                row("PGUSER alone names a database too: localhost, the user's database",
                        Map.of("PGUSER", "carol"), List.of(), "jdbc:postgresql://localhost:5432/carol", "PGUSER", "carol",
                        "PGUSER", null, null),
                row("several hosts and ports, as libpq lists them",
                        Map.of("PGHOST", "a,b", "PGPORT", "5432,5433", "PGDATABASE", "app"), List.of(),
                        "jdbc:postgresql://a:5432,b:5433/app", "PGHOST, PGPORT, PGDATABASE", null, null, null, null),
                row("PGSSLMODE applies to a URL that sets no sslmode",
                        Map.of("DATABASE_URL", "postgres://db/app", "PGSSLMODE", "verify-full"), List.of(),
                        "jdbc:postgresql://db/app?sslmode=verify-full", "DATABASE_URL", null, null, null, null),
                row("PGSSLMODE leaves a URL's own sslmode alone",
                        Map.of("DATABASE_URL", "postgres://db/app?sslmode=disable", "PGSSLMODE", "require"), List.of(),
                        "jdbc:postgresql://db/app?sslmode=disable", "DATABASE_URL", null, null, null, null),
                row("MIGRATOR_URL outranks DATABASE_URL and PGHOST",
                        Map.of("MIGRATOR_URL", "jdbc:postgresql://a/b", "DATABASE_URL", "postgres://c/d", "PGHOST", "e"),
                        List.of(), "jdbc:postgresql://a/b", "environment MIGRATOR_URL", null, null, null, null),
                row("--url outranks MIGRATOR_URL, and takes the libpq form too",
                        Map.of("MIGRATOR_URL", "jdbc:postgresql://a/b"), List.of("--url", "postgresql://u@x/y"),
                        "jdbc:postgresql://x/y", "command line", "u", "command line", null, null),
                row("DATABASE_URL without credentials: PGUSER and PGPASSWORD fill them in",
                        Map.of("DATABASE_URL", "postgres://db/app", "PGUSER", "dan", "PGPASSWORD", "pw"), List.of(),
                        "jdbc:postgresql://db/app", "DATABASE_URL", "dan", "PGUSER", "pw", "PGPASSWORD"),
                row("DATABASE_URL's credentials outrank PGUSER and PGPASSWORD",
                        Map.of("DATABASE_URL", "postgres://erin:own@db/app", "PGUSER", "dan", "PGPASSWORD", "pw"),
                        List.of(), "jdbc:postgresql://db/app", "DATABASE_URL", "erin", "DATABASE_URL", "own",
                        "DATABASE_URL"),
                row("MIGRATOR_USER and MIGRATOR_PASSWORD outrank the URL's credentials",
                        Map.of("DATABASE_URL", "postgres://erin:own@db/app", "MIGRATOR_USER", "frank",
                                "MIGRATOR_PASSWORD", "theirs"), List.of(), "jdbc:postgresql://db/app", "DATABASE_URL",
                        "frank", "environment MIGRATOR_USER", "theirs", "environment MIGRATOR_PASSWORD"),
                row("a JDBC URL's own user= stays in the URL, above PGUSER",
                        Map.of("PGUSER", "v"), List.of("--url", "jdbc:postgresql://h/db?user=u"),
                        "jdbc:postgresql://h/db?user=u", "command line", null, "the URL itself", null, null),
                row("--embedded outranks a database named by the environment",
                        Map.of("DATABASE_URL", "postgres://db/app"), List.of("--embedded"), null,
                        "--embedded (command line)", null, null, null, null),
                row("--url on the command line outranks MIGRATOR_EMBEDDED=true",
                        Map.of("MIGRATOR_EMBEDDED", "true"), List.of("--url", "jdbc:postgresql://h/db"),
                        "jdbc:postgresql://h/db", "command line", null, null, null, null));
    }

    private static Arguments row(String name, Map<String, String> environment, List<String> args, String url,
            String urlSource, String user, String userSource, String password, String passwordSource) {
        return Arguments.of(name, environment, args, url, urlSource, user, userSource, password, passwordSource);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void connectionOptionsNameTheDatabaseInTheDocumentedOrder(String name, Map<String, String> environment,
            List<String> args, String url, String urlSource, String user, String userSource, String password,
            String passwordSource) {
        DatabaseTarget target = target(environment, args);

        assertThat(target.url()).isEqualTo(url);
        assertThat(target.urlSource()).startsWith(urlSource);
        assertThat(target.user()).isEqualTo(user);
        assertThat(target.userSource()).isEqualTo(userSource);
        assertThat(target.password()).isEqualTo(password);
        assertThat(target.passwordSource()).isEqualTo(passwordSource);
    }

    @Test
    void configFileUrlOutranksDatabaseUrl() throws IOException {
        Path yaml = Files.writeString(directory.resolve("db.yaml"), "url: jdbc:postgresql://from-file/app\nuser: gail\n");

        DatabaseTarget target = target(Map.of("DATABASE_URL", "postgres://h:pw@from-env/app"),
                List.of("--config", yaml.toString()));

        assertThat(target.url()).isEqualTo("jdbc:postgresql://from-file/app");
        assertThat(target.urlSource()).startsWith("config file").endsWith("(url)");
        assertThat(target.user()).isEqualTo("gail");
        assertThat(target.password()).as("DATABASE_URL's password belongs to DATABASE_URL's database").isNull();
    }

    @Test
    void embeddedOnlyWhenNothingNamesADatabaseAndSaysWhy() {
        DatabaseTarget nothing = target(Map.of(), List.of());
        DatabaseTarget passwordOnly = target(Map.of("PGPASSWORD", "secret"), List.of());

        assertThat(nothing.embedded()).isTrue();
        assertThat(nothing.urlSource()).startsWith("nothing names a database");
        assertThat(passwordOnly.embedded()).isTrue();
        assertThat(passwordOnly.urlSource()).endsWith("PGPASSWORD is set, but names no database");
    }

    @Test
    void refusalsSayWhatIsWrongWithoutShowingThePassword() {
        assertThatThrownBy(() -> target(Map.of("MIGRATOR_EMBEDDED", "false"), List.of()))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("No database named").hasMessageContaining("MIGRATOR_EMBEDDED");
        assertThatThrownBy(() -> target(Map.of("PGHOST", "/var/run/postgresql"), List.of()))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("PGHOST=/var/run/postgresql is a Unix-domain socket directory");
        assertThatThrownBy(() -> target(Map.of("DATABASE_URL", "mysql://u:Hidden-pw@db/app"), List.of()))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("DATABASE_URL 'mysql://u:***@db/app' is not a PostgreSQL URL")
                .hasMessageNotContaining("Hidden-pw");
        assertThatThrownBy(() -> target(Map.of(), List.of("--embedded", "--url", "jdbc:postgresql://h/db")))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--embedded and --url both");
    }

    private static DatabaseTarget target(Map<String, String> environment, List<String> args) {
        CommandLine commandLine = MigratorCli.commandLine(environment);
        List<String> all = new ArrayList<>(List.of("status"));
        all.addAll(args);
        commandLine.parseArgs(all.toArray(String[]::new));
        StatusCommand status = commandLine.getSubcommands().get("status").getCommand();
        return status.connection.target(new HashMap<>(environment));
    }
}
