package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./migrator} script's decisions, on a copy of it in a stand-in checkout: a {@code mvnw}
 * that records its calls and prints Maven's module lines, and a {@code java} that prints its
 * arguments. When it builds (and when not), what the build shows and keeps, and which JVM options it
 * starts the CLI with.
 */
@EnabledIf("bashAvailable")
class MigratorScriptTest {

    private static final String VERSION = "9.9.9";
    private static final List<String> MODULES = List.of("migrator-cli", "migrator-core", "migrator-postgres",
            "migrator-resolver", "schema-audit-events", "schema-workflows");

    @TempDir
    Path root;

    static boolean bashAvailable() {
        return new File("/bin/bash").canExecute();
    }

    @BeforeEach
    void checkout() throws IOException {
        Path script = Path.of(System.getProperty("schema.test.deploy-dir", "../deploy")).resolveSibling("migrator");
        Files.copy(script, root.resolve("migrator"));
        StringBuilder modules = new StringBuilder();
        for (String module : MODULES) {
            Files.createDirectories(root.resolve(module + "/src/main/java"));
            Files.createDirectories(root.resolve(module + "/src/test/java"));
            Files.writeString(root.resolve(module + "/pom.xml"), "<project/>");
            Files.writeString(root.resolve(module + "/src/main/java/Main.java"), "class Main {}");
            Files.writeString(root.resolve(module + "/src/test/java/MainTest.java"), "class MainTest {}");
            modules.append("<module>").append(module).append("</module>");
        }
        Files.writeString(root.resolve("pom.xml"), "<project>\n  <version>" + VERSION + "</version>\n  <modules>"
                + modules + "</modules>\n</project>\n");
        // Written an hour ago: a build stamp set back a few seconds is still newer.
        try (var files = Files.walk(root)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
            }
        }
        // The stand-in Maven: records its arguments, prints what Maven prints, makes the jars and the archive.
        executable(root.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$*" >> calls.txt
                echo "[INFO] Scanning for projects..."
                echo "[INFO] Building Migrator core %1$s                         [1/2]"
                echo "[INFO] Compiling 3 source files"
                echo "[INFO] Building Migrator CLI %1$s                          [2/2]"
                mkdir -p migrator-cli/target schema-audit-events/target schema-workflows/target
                touch migrator-cli/target/migrator-cli-%1$s-all.jar migrator-cli/target/migrator-cli-%1$s-all.jsa
                touch schema-audit-events/target/schema-audit-events-%1$s.jar schema-workflows/target/schema-workflows-%1$s.jar
                echo "[INFO] BUILD SUCCESS"
                """.formatted(VERSION));
        executable(root.resolve("jdk/bin/java"), """
                #!/usr/bin/env bash
                echo "java $*"
                echo "families=$MIGRATOR_PROJECT_FAMILIES"
                """);
    }

    @Test
    void firstRunBuildsShowingEachModuleAndKeepsTheLogWhileStdoutCarriesOnlyTheCli() throws Exception {
        Run run = migrator(Map.of(), "status", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(builds()).isEqualTo(1);
        assertThat(run.err()).contains("migrator: building", "migrator:   Migrator core " + VERSION,
                "migrator:   Migrator CLI " + VERSION, "migrator: BUILD SUCCESS")
                .doesNotContain("Compiling 3 source files");
        assertThat(root.resolve("target/migrator-build.log")).content().contains("Compiling 3 source files");
        assertThat(run.out()).startsWith("java ").contains("io.kubernaut.schema.cli.MigratorCli status --json",
                "families=" + root.resolve("schema-audit-events/target/schema-audit-events-" + VERSION + ".jar"));
    }

    @Test
    void aChangedTestDoesNotRebuildAChangedMainSourceOrPomDoes() throws Exception {
        migrator(Map.of(), "--version");
        assertThat(builds()).isEqualTo(1);

        touchLater(root.resolve("migrator-core/src/test/java/MainTest.java"));
        migrator(Map.of(), "--version");
        assertThat(builds()).as("a test changed").isEqualTo(1);

        touchLater(root.resolve("migrator-core/src/main/java/Main.java"));
        migrator(Map.of(), "--version");
        assertThat(builds()).as("a main source changed").isEqualTo(2);

        touchLater(root.resolve("schema-workflows/pom.xml"));
        migrator(Map.of(), "--version");
        assertThat(builds()).as("a pom changed").isEqualTo(3);

        migrator(Map.of(), "--version");
        assertThat(builds()).as("nothing changed").isEqualTo(3);
    }

    @Test
    void theArchiveIsUsedUnlessAnAgentOrFlightRecorderIsConfigured() throws Exception {
        String archive = "-XX:SharedArchiveFile=" + root.resolve("migrator-cli/target/migrator-cli-" + VERSION + "-all.jsa");

        assertThat(migrator(Map.of(), "status").out()).contains(archive, "-XX:TieredStopAtLevel=1");
        assertThat(migrator(Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/opt/agent.jar"), "status").out())
                .doesNotContain("SharedArchiveFile");
        assertThat(migrator(Map.of("JDK_JAVA_OPTIONS", "-XX:StartFlightRecording"), "status").out())
                .doesNotContain("SharedArchiveFile");
        Files.delete(root.resolve("migrator-cli/target/migrator-cli-" + VERSION + "-all.jsa"));
        assertThat(migrator(Map.of(), "status").out()).doesNotContain("SharedArchiveFile");
    }

    @Test
    void aFailedBuildSaysWhereTheLogIsAndRunsNothing() throws Exception {
        executable(root.resolve("mvnw"), "#!/usr/bin/env bash\necho '[ERROR] COMPILATION ERROR'\nexit 1\n");

        Run run = migrator(Map.of(), "apply");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("[ERROR] COMPILATION ERROR", "the build failed; see "
                + root.resolve("target/migrator-build.log"));
        assertThat(run.out()).isEmpty();
    }

    private int builds() throws IOException {
        Path calls = root.resolve("calls.txt");
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    /** Changes {@code file} after the last build, whatever the file system's timestamp resolution. */
    private void touchLater(Path file) throws IOException {
        Instant now = Instant.now();
        Files.setLastModifiedTime(root.resolve("target/migrator-built"), FileTime.from(now.minusSeconds(10)));
        Files.setLastModifiedTime(file, FileTime.from(now));
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run migrator(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("migrator").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(root.resolve("out.txt").toFile()).redirectError(root.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JAVA_TOOL") || name.startsWith("JDK_JAVA")
                || name.startsWith("MIGRATOR_"));
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(root.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(root.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {
    }
}
