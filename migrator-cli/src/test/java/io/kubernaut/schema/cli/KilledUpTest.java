package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrator up} killed with SIGKILL (what Kubernetes sends at the end of the grace period) leaves
 * its embedded PostgreSQL running; the next command that starts an embedded one stops it and deletes
 * its data.
 */
class KilledUpTest {

    private static final Pattern URL = Pattern.compile("JDBC URL:\\s+(jdbc:postgresql://\\S+)");

    @TempDir
    Path jars;

    @Test
    void nextEmbeddedStartStopsTheServerOfAKilledUp() throws Exception {
        Path events = Cli.events("1.0.0").writeTo(jars);
        Process up = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), MigratorCli.class.getName(), "up", "--classpath", events.toString())
                .redirectErrorStream(true).start();
        try {
            String url = awaitUrl(up);
            Path dataDirectory;
            long postmasterPid;
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_setting('data_directory'),"
                            + " (SELECT count(*) FROM schema_registry_history)")) {
                rows.next();
                dataDirectory = Path.of(rows.getString(1));
                assertThat(rows.getInt(2)).as("up applied the family").isEqualTo(2);
            }
            postmasterPid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());

            up.destroyForcibly();
            assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).as("left running by SIGKILL")
                    .contains(true);

            Result next = Cli.run(Cli.args("status", "--embedded", Cli.classpath(events)));

            assertThat(next.exitCode()).as(next.toString()).isZero();
            assertThat(ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(dataDirectory).doesNotExist();
        } finally {
            up.destroyForcibly();
        }
    }

    private static String awaitUrl(Process up) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder output = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            output.append(line).append('\n');
            Matcher url = URL.matcher(line);
            if (url.find()) {
                Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return url.group(1);
            }
        }
        throw new AssertionError("up ended before printing its URL:\n" + output);
    }
}
