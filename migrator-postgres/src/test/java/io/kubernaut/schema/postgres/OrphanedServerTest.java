package io.kubernaut.schema.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An embedded server whose owning JVM was killed with SIGKILL (no shutdown hook runs) is stopped,
 * and its data deleted, by the next start; a server whose owner runs is left alone.
 */
class OrphanedServerTest {

    @Test
    void startAfterTheOwnerWasKilledStopsTheOrphanAndDeletesItsData() throws Exception {
        Process owner = startOwner();
        try {
            Orphan orphan = awaitReady(owner);
            assertThat(ProcessHandle.of(orphan.postmasterPid()).map(ProcessHandle::isAlive)).contains(true);

            owner.destroyForcibly();
            assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // SIGKILL ran no shutdown hook: the postmaster still runs, its data still there.
            assertThat(ProcessHandle.of(orphan.postmasterPid()).map(ProcessHandle::isAlive)).contains(true);
            assertThat(orphan.dataDirectory()).isDirectory();

            try (EmbeddedServer next = EmbeddedServer.start()) {
                assertThat(ProcessHandle.of(orphan.postmasterPid()).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(orphan.dataDirectory()).doesNotExist();
                assertThat(orphan.dataDirectory().resolveSibling(orphan.dataDirectory().getFileName() + ".owner"))
                        .doesNotExist();
                assertThat(selectOne(next)).isEqualTo(1);
            }
        } finally {
            owner.destroyForcibly();
        }
    }

    @Test
    void serverOfARunningOwnerIsLeftAloneAndItsRecordGoesWithIt() throws Exception {
        try (EmbeddedServer first = EmbeddedServer.start()) {
            Path record = first.dataDirectory().resolveSibling(first.dataDirectory().getFileName() + ".owner");
            assertThat(record).isRegularFile();
            assertThat(Files.readString(record)).contains("owner.pid=" + ProcessHandle.current().pid());

            try (EmbeddedServer second = EmbeddedServer.start()) {
                assertThat(selectOne(first)).isEqualTo(1);
                assertThat(selectOne(second)).isEqualTo(1);
            }
            assertThat(selectOne(first)).isEqualTo(1);

            first.close();
            assertThat(record).doesNotExist();
            assertThat(first.dataDirectory()).doesNotExist();
        }
    }

    private static int selectOne(EmbeddedServer server) throws Exception {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static Process startOwner() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Owner.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Orphan awaitReady(Process owner) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder output = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            output.append(line).append('\n');
            if (line.startsWith("ready ")) {
                String[] parts = line.split(" ", 3);
                // Keep draining the owner's output so it never blocks on a full pipe.
                Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return new Orphan(Long.parseLong(parts[1]), Path.of(parts[2]));
            }
        }
        throw new AssertionError("the owner JVM ended before its server was ready:\n" + output);
    }

    private record Orphan(long postmasterPid, Path dataDirectory) {
    }

    /** The JVM that owns a server until it is killed. */
    public static final class Owner {

        public static void main(String[] args) throws Exception {
            EmbeddedServer server = EmbeddedServer.start();
            long postmaster = OwnerRecord.postmaster(server.dataDirectory()).orElseThrow().pid();
            System.out.println("ready " + postmaster + " " + server.dataDirectory());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
