package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.resolver.testing.ProjectArtifacts;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar ({@code migrator-cli-<version>-all.jar}, made by {@code package}) in a process of its
 * own, with an empty home directory: what a Go service's end-to-end set-up does on a machine that has
 * a JDK, the jar and a repository, and no Maven.
 */
class StandaloneJarIT {

    private static final String AUDIT = ProjectArtifacts.coordinates("schema-audit-events");

    @TempDir
    Path temp;

    private TestRepository repository;
    private Path home;
    private Path local;
    private TestPostgres.Database database;

    @BeforeEach
    void setUp() throws IOException {
        repository = TestRepository.in(temp.resolve("repository")).withProjectFamilies();
        home = Files.createDirectories(temp.resolve("home"));
        local = temp.resolve("home/empty-local-repository");
        database = TestPostgres.newDatabase();
    }

    @Test
    void onlyTheCliJarAndAFileRepositoryAreNeededToMigrateADatabase() throws Exception {
        Run run = java(List.of("-jar", cliJar().toString()), Cli.args("apply", "--artifact", AUDIT, "--repo",
                repository.url(), "--local-repo", local.toString(), Cli.connect(database)));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Applied 4 migrations to schema 'public'");
        assertThat(database.tables("public")).contains("audit_events", "schema_registry_history").doesNotContain("workflows");
        assertThat(run.err().lines().filter(line -> line.startsWith("downloaded ")))
                .as("downloads reported on stderr, all from the file repository")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith(" from repo-1 (" + repository.url() + ")"))
                .anySatisfy(line -> assertThat(line).contains("schema-audit-events-" + ProjectArtifacts.version() + ".jar"));
        assertThat(run.all()).doesNotContain("central (");
        assertThat(home.resolve(".m2")).as("nothing written to the home directory's .m2").doesNotExist();
    }

    @Test
    void theArtifactsFamiliesReplaceThoseOnTheClassPath() throws Exception {
        // As ./migrator runs it: both project families on the class path next to the CLI.
        String classpath = String.join(File.pathSeparator, cliJar().toString(),
                ProjectArtifacts.familyJar("schema-audit-events").toString(),
                ProjectArtifacts.familyJar("schema-workflows").toString());

        Run run = java(List.of("-cp", classpath, MigratorCli.class.getName()), Cli.args("apply", "--artifact", AUDIT,
                "--repo", repository.url(), "--local-repo", local.toString(), Cli.connect(database)));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(database.tables("public")).contains("audit_events").doesNotContain("workflows", "workflow_versions");
    }

    private static Path cliJar() {
        Path jar = Path.of(System.getProperty("schema.test.cli-jar", "target/missing-cli-jar"));
        assertThat(jar).as("the runnable jar (-Dschema.test.cli-jar, made by `package`)").exists();
        return jar;
    }

    /** Runs java with {@code jvm} arguments and {@code args}, home directory {@code home}, and waits. */
    private Run java(List<String> jvm, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // user.home comes from the password database, not $HOME: set both.
        command.add("-Duser.home=" + home);
        command.addAll(jvm);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(temp.resolve("out.txt").toFile())
                .redirectError(temp.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MAVEN") || name.startsWith("JAVA_TOOL"));
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the CLI did not finish in 3 minutes: " + String.join(" ", command));
        }
        return new Run(process.exitValue(), Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {

        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
