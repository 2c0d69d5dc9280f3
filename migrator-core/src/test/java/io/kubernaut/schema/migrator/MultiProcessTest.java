package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.ApplyMain;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrators in several JVMs at once, as when several instances of a service start together. */
class MultiProcessTest {

    private static final int PROCESSES = 4;

    /** After this, every child is killed: a hung child then ends the test with a failure instead of hanging it. */
    private static final long DEADLINE_SECONDS = 90;

    @TempDir
    Path work;

    @Test
    void fourJvmsApplyingAtOnceAllSucceedAndEachMigrationIsAppliedOnce() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path events = FamilyJar.family("events")
                // Not idempotent on purpose: a second run of any of these would fail.
                .migration("V1__create_events.sql", "CREATE TABLE events (id BIGINT PRIMARY KEY);\nSELECT pg_sleep(0.2);")
                .migration("V2__seed.sql", "INSERT INTO events VALUES (1);")
                .writeTo(work.resolve("jars"));
        Path notes = FamilyJar.family("notes").requires("events")
                .migration("V1__create_notes.sql", "CREATE TABLE notes (event_id BIGINT REFERENCES events (id));")
                .writeTo(work.resolve("jars"));

        List<Child> children = new CopyOnWriteArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        watchdog.schedule(() -> children.forEach(child -> child.process().destroyForcibly()), DEADLINE_SECONDS,
                TimeUnit.SECONDS);
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(start(database, i, events, notes));
            }
            // Every JVM is up and has read its jars: release them together.
            for (Child child : children) {
                assertThat(child.readLine()).as("first line of child %d; its stderr:%n%s", child.index(), child.stderr())
                        .isEqualTo("ready");
            }
            for (Child child : children) {
                OutputStream in = child.process().getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            int appliedTotal = 0;
            for (Child child : children) {
                String result = child.readLine();
                assertThat(child.process().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
                assertThat(child.process().exitValue()).as("exit code of child %d; its stderr:%n%s", child.index(),
                        child.stderr()).isZero();
                assertThat(result).startsWith("applied=");
                appliedTotal += Integer.parseInt(result.substring("applied=".length()));
            }

            assertThat(appliedTotal).isEqualTo(3);
            assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true",
                    "notes V1 1.0.0 true");
            assertThat(database.value("SELECT count(*) FROM events")).isEqualTo("1");
        } finally {
            watchdog.shutdownNow();
            for (Child child : children) {
                child.process().destroyForcibly();
            }
        }
    }

    private Child start(TestPostgres.Database database, int index, Path... jars) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ApplyMain.class.getName(),
                database.jdbcUrl(), database.server().user(), "public"));
        for (Path jar : jars) {
            command.add(jar.toString());
        }
        Path stderr = work.resolve("child-" + index + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("SCHEMA_TEST_PASSWORD", database.server().password());
        Process process = builder.start();
        return new Child(index, process,
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stderr);
    }

    /** A child JVM, its standard output and the file its standard error goes to. */
    private record Child(int index, Process process, BufferedReader out, Path stderrFile) {

        /** The next line it prints; null once it has ended. */
        String readLine() throws IOException {
            return out.readLine();
        }

        String stderr() throws IOException {
            return Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
        }
    }
}
