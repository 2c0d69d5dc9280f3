package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.schema.cli.Cli.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --url: an embedded PostgreSQL for one command, or kept running by {@code up}. */
class EmbeddedTest {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://\\S+");

    @TempDir
    Path directory;

    @Test
    void applyWithoutUrlUsesAnEmbeddedPostgresAndSaysSo() {
        Path events = Cli.events("1.0.0").writeTo(directory);

        Result result = Cli.run(Cli.args("apply", Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).startsWith("using an embedded PostgreSQL at jdbc:postgresql://localhost:")
                .contains(": nothing names a database (no --url, MIGRATOR_URL, url in a --config file, DATABASE_URL or"
                        + " PGHOST/PGHOSTADDR/PGPORT/PGDATABASE/PGUSER)");
        assertThat(result.out()).contains("Applied 2 migrations to schema 'public'");
    }

    @Test
    void upKeepsTheDatabaseRunningUntilInterrupted() throws Exception {
        Path events = Cli.events("1.0.0").writeTo(directory);
        int port = Cli.freePort();
        Up up = Up.start(Cli.args("up", "--port", port, Cli.classpath(events)));

        String output = up.awaitOutput(out -> out.contains("Press Ctrl-C to stop."));
        assertThat(output).contains("Applied 2 migrations", "user:      postgres (no password)",
                "psql:      psql -h localhost -p " + port + " -U postgres postgres");
        String url = firstUrl(output);
        assertThat(url).isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres");
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM schema_registry_history")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }

        assertThat(up.interruptAndAwait()).isZero();
        assertThat(up.output.err.toString()).contains("stopping the embedded PostgreSQL on port " + port, "stopped");
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void upWithADataDirectoryKeepsTheDataBetweenRuns() throws Exception {
        Path events = Cli.events("1.0.0").writeTo(directory);
        String dataDirectory = directory.resolve("pgdata").toString();

        Up first = Up.start(Cli.args("up", "--data-dir", dataDirectory, Cli.classpath(events)));
        first.awaitOutput(out -> out.contains("Press Ctrl-C to stop."));
        assertThat(first.interruptAndAwait()).isZero();

        Up second = Up.start(Cli.args("up", "--json", "--data-dir", dataDirectory, Cli.classpath(events)));
        JsonNode json = new ObjectMapper().readTree(second.awaitOutput(EmbeddedTest::isJson));
        assertThat(second.interruptAndAwait()).isZero();

        assertThat(json.get("persistent").asBoolean()).isTrue();
        assertThat(json.get("dataDirectory").asText()).isEqualTo(dataDirectory);
        assertThat(json.get("jdbcUrl").asText()).startsWith("jdbc:postgresql://localhost:");
        assertThat(json.at("/applied/appliedCount").asInt()).isZero();
        assertThat(json.at("/applied/alreadyApplied").asInt()).isEqualTo(2);
    }

    private static boolean isJson(String text) {
        try {
            new ObjectMapper().readTree(text);
            return !text.isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    private static String firstUrl(String text) {
        Matcher matcher = JDBC_URL.matcher(text);
        assertThat(matcher.find()).as("a JDBC URL in: " + text).isTrue();
        return matcher.group();
    }

    /** {@code migrator up} on its own thread, as a user would run it in a terminal. */
    private static final class Up {

        final Cli.Output output = new Cli.Output();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        Thread thread;

        static Up start(String[] args) {
            Up up = new Up();
            up.thread = new Thread(() -> up.exitCode.set(up.output.commandLine(Map.of()).execute(args)), "migrator-up");
            up.thread.start();
            return up;
        }

        String awaitOutput(Predicate<String> ready) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                String out = output.out.toString();
                if (ready.test(out)) {
                    return out;
                }
                if (!thread.isAlive()) {
                    throw new AssertionError("up ended with " + exitCode.get() + ":\n" + out + output.err);
                }
                Thread.sleep(50);
            }
            throw new AssertionError("up printed no connection details:\n" + output.out + output.err);
        }

        int interruptAndAwait() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(60).toMillis());
            assertThat(thread.isAlive()).as("up stopped after the interrupt").isFalse();
            return exitCode.get();
        }
    }
}
