package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's bounded waits: for a server that never answers (connect and login timeouts), for table
 * locks the application holds (--lock-timeout, --lock-retries, also from MIGRATOR_* and the config
 * file), and a gap in the history refused with exit code 3 unless --out-of-order.
 */
class BoundedWaitsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatAcceptsButNeverAnswersEndsWithExitCode4ByDefault() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            long started = System.nanoTime();
            Result status = Cli.run(Cli.args("status", "--url", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                    + "/app", "--user", "app", Cli.classpath(Cli.events("1.0.0").writeTo(dir))));
            // A figure for docs/reliability.md; the @Timeout above is the bound.
            System.out.printf("[reliability] BoundedWaitsTest: a server that never answers ended status after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(status.exitCode()).as(status.toString()).isEqualTo(4);
            assertThat(status.err()).contains("Cannot connect to PostgreSQL", "timed out", "--connect-timeout");
            assertThat(accepted).as("the server accepted the connection: not a refused port").isNotEmpty();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void connectAndSocketTimeoutsAreOptionsWithDefaultsAndEnvironmentVariables() {
        Result config = Cli.run(Map.of("MIGRATOR_SOCKET_TIMEOUT", "2h"), "config", "--connect-timeout", "3s");

        assertThat(config.exitCode()).as(config.toString()).isZero();
        assertThat(config.out()).containsPattern("--connect-timeout\\s+MIGRATOR_CONNECT_TIMEOUT\\s+PT3S\\s+command line")
                .containsPattern("--socket-timeout\\s+MIGRATOR_SOCKET_TIMEOUT\\s+PT2H\\s+environment MIGRATOR_SOCKET_TIMEOUT")
                .containsPattern("--lock-timeout\\s+MIGRATOR_LOCK_TIMEOUT\\s+PT5S\\s+default")
                .containsPattern("--lock-retries\\s+MIGRATOR_LOCK_RETRIES\\s+3\\s+default");
    }

    /** The family at V1, applied: the table the application then reads. */
    private void installFirstVersion(TestPostgres.Database database) {
        Path first = FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .writeTo(dir.resolve("first"));
        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(first)));
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    /** V2 alters the table the application reads in an open transaction. */
    private Path family() {
        return FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .migration("V2__add_note.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS note TEXT;")
                .writeTo(dir.resolve("family"));
    }

    @Test
    void aTableLockHeldByTheApplicationEndsWithExitCode1NamingItAfterTheRetries() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path family = family();
        installFirstVersion(database);
        try (Connection application = database.dataSource().getConnection()) {
            int pid = holdReadLock(application);

            Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(family),
                    "--lock-timeout", "500ms", "--lock-retries", "1"));

            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).contains("V2__add_note.sql", "lock timeout", "2 attempts", "pid " + pid,
                    "application_name 'orders-service'", "SQLSTATE 55P03");
            assertThat(apply.all()).contains("retry 1 of 1");
        }
        assertThat(database.columns("public", "events")).containsExactly("id");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true");
    }

    @Test
    void theLockTimeoutAndRetriesComeFromTheEnvironmentAndTheConfigFile() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path family = family();
        installFirstVersion(database);
        Path file = Files.writeString(dir.resolve("migrator.properties"), "lock-retries=0\n");
        try (Connection application = database.dataSource().getConnection()) {
            holdReadLock(application);

            Result apply = Cli.run(Map.of("MIGRATOR_LOCK_TIMEOUT", "1s"), Cli.args("apply", Cli.connect(database),
                    Cli.classpath(family), "--config", file.toString()));

            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).contains("waited 1000 ms (lock timeout)", "application_name 'orders-service'");
            assertThat(apply.all()).doesNotContain("retry");
        }
        assertThat(database.columns("public", "events")).containsExactly("id");
    }

    private static int holdReadLock(Connection application) throws SQLException {
        application.setAutoCommit(false);
        try (Statement statement = application.createStatement()) {
            statement.execute("SET application_name = 'orders-service'");
            statement.execute("SELECT count(*) FROM events");
            try (ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    @Test
    void aGapInTheHistoryIsRefusedWithExitCode3UnlessOutOfOrder() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path family = FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;")
                .migration("V3__add_note.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS note TEXT;")
                .writeTo(dir.resolve("gap"));
        assertThat(Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(family))).exitCode()).isZero();
        database.execute("DELETE FROM schema_registry_history WHERE version = 2");

        Result apply = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(family)));
        Result validate = Cli.run(Cli.args("validate", Cli.connect(database), Cli.classpath(family)));
        Result status = Cli.run(Cli.args("status", Cli.connect(database), Cli.classpath(family)));

        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(3);
        assertThat(apply.err()).contains("'events' lacks V2 although V3 is applied", "--out-of-order");
        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(3);
        assertThat(validate.all()).contains("lacks V2");
        assertThat(status.out()).contains("gap (V2 missing below V3)");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V3 1.0.0 true");

        Result outOfOrder = Cli.run(Cli.args("apply", Cli.connect(database), Cli.classpath(family), "--out-of-order"));

        assertThat(outOfOrder.exitCode()).as(outOfOrder.toString()).isZero();
        assertThat(outOfOrder.all()).contains("out of order (allowed): V2 of 'events' run after V3");
        assertThat(database.value("SELECT note FROM schema_registry_history WHERE version = 2"))
                .isEqualTo("applied out of order, after V3 (out-of-order allowed)");
        assertThat(Cli.run(Cli.args("validate", Cli.connect(database), Cli.classpath(family))).exitCode()).isZero();
    }
}
