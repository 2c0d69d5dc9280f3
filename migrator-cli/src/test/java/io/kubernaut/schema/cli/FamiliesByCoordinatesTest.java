package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.resolver.testing.ProjectArtifacts;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --artifact}, {@code --bom} and the repository options, in-process, against file:// repositories
 * the tests build, an empty local repository and an empty settings file (the user's ~/.m2 is never
 * read): {@code --offline} keeps Maven Central out, or a settings mirror of '*' stands in for it.
 */
class FamiliesByCoordinatesTest {

    private static final String AUDIT = ProjectArtifacts.coordinates("schema-audit-events");
    private static final String WORKFLOWS = ProjectArtifacts.coordinates("schema-workflows");

    @TempDir
    Path temp;

    private TestRepository repository;
    private Path local;

    @BeforeEach
    void setUp() {
        repository = TestRepository.in(temp.resolve("repository"));
        local = temp.resolve("local");
    }

    /** The test repository only, offline, nothing of the user's. */
    private List<String> offline() {
        return Cli.offline(repository, local);
    }

    @Test
    void applyArtifactMigratesAFreshDatabaseWithThatFamilyOnly() {
        repository.withProjectFamilies();
        TestPostgres.Database database = TestPostgres.newDatabase();

        Result apply = Cli.run(Cli.args("apply", "--artifact", AUDIT, offline(), Cli.connect(database)));

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("Applied 4 migrations to schema 'public'");
        assertThat(database.tables("public")).contains("audit_events", "schema_registry_history").doesNotContain("workflows");
        assertThat(database.value("SELECT string_agg(DISTINCT artifact_version, ',') FROM schema_registry_history"))
                .isEqualTo(ProjectArtifacts.version());

        Result status = Cli.run(Cli.args("status", "--artifact", AUDIT, offline(), Cli.connect(database)));
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).containsPattern("audit_events\\s+" + ProjectArtifacts.version().replace(".", "\\.")
                + "\\s+V1,V2,V3,V4\\s+-\\s+up to date");
        assertThat(status.err()).as("everything is in the local repository now").doesNotContain("downloaded");
    }

    @Test
    void aBomBringsBothFamilies() {
        repository.withProjectFamilies();
        String bom = "io.kubernaut.schema.test:test-bom:1.0";
        repository.deployPom(bom, TestRepository.bom(bom, AUDIT, WORKFLOWS, ProjectArtifacts.coordinates("migrator-core")));
        TestPostgres.Database database = TestPostgres.newDatabase();

        Result list = Cli.run(Cli.args("list", "--bom", bom, offline()));

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out().lines())
                .anySatisfy(line -> assertThat(line).startsWith("audit_events").contains(local.toString()))
                .anySatisfy(line -> assertThat(line).startsWith("workflows").contains(local.toString()))
                .contains("2 families, 3 tables");

        Result apply = Cli.run(Cli.args("apply", "--bom", bom, offline(), Cli.connect(database)));

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(database.tables("public")).contains("audit_events", "workflows", "workflow_versions");
    }

    @Test
    void aFamilyTheArtifactDependsOnIsPlannedFirst() {
        Path jars = temp.resolve("jars");
        repository.deploy("io.x:schema-base:1.0.0", FamilyJar.family("base").version("1.0.0")
                .migration("V1__create_base.sql", "CREATE TABLE IF NOT EXISTS base (id BIGINT PRIMARY KEY);").writeTo(jars),
                TestRepository.pom("io.x:schema-base:1.0.0"));
        repository.deploy("io.x:schema-top:2.0.0", FamilyJar.family("top").version("2.0.0").requires("base")
                .migration("V1__create_top.sql", "CREATE TABLE IF NOT EXISTS top (id BIGINT REFERENCES base (id));")
                .writeTo(jars), TestRepository.pom("io.x:schema-top:2.0.0", "io.x:schema-base:1.0.0"));
        TestPostgres.Database database = TestPostgres.newDatabase();

        Result plan = Cli.run(Cli.args("plan", "--artifact", "io.x:schema-top:2.0.0", offline(), Cli.connect(database)));

        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out().lines().filter(line -> line.matches("(base|top)\\s+V1.*")).map(line -> line.split("\\s+")[0]))
                .containsExactly("base", "top");
    }

    @Test
    void unknownCoordinatesExitWith2NamingTheRepositoriesSearched() {
        Result result = Cli.run(Cli.args("plan", "--artifact", "io.x:schema-nothing:1.0", offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: io.x:schema-nothing:1.0 not found in local repository (" + local
                + "), test (" + repository.url() + "), central (https://repo.maven.apache.org/maven2/) [not contacted: offline]")
                .doesNotContain("unexpected")
                .doesNotContain("embedded PostgreSQL");

        JsonNode json = Cli.run(Cli.args("plan", "--json", "--artifact", "io.x:schema-nothing:1.0", offline())).json()
                .get("error");
        assertThat(json.get("type").asText()).isEqualTo("UnknownArtifactException");
        assertThat(json.get("exitCode").asInt()).isEqualTo(2);
        assertThat(json.get("coordinates").asText()).isEqualTo("io.x:schema-nothing:1.0");
        assertThat(json.get("repositories")).extracting(JsonNode::asText).hasSize(3).element(1).asString().startsWith("test (");
    }

    @Test
    void aJarWithoutAFamilyExitsWith2() throws IOException {
        Path plain = temp.resolve("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            out.closeEntry();
        }
        repository.deploy("io.x:y:1.0", plain, TestRepository.pom("io.x:y:1.0"));

        Result result = Cli.run(Cli.args("list", "--artifact", "io.x:y:1.0", offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("error: io.x:y:1.0 contains no table family (no"
                + " META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule in ");
    }

    @Test
    void aCorruptedDownloadExitsWith4() {
        repository.withProjectFamilies().corruptChecksum(AUDIT, "jar");

        Result result = Cli.run(Cli.args("list", "--artifact", AUDIT, offline()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).contains("error: " + AUDIT + " downloaded from test (" + repository.url()
                + ") does not match its checksum");
    }

    @Test
    void anUnreachableRepositoryExitsWith4() {
        String url = "http://127.0.0.1:" + Cli.freePort() + "/maven2/";

        Result result = Cli.run(Cli.args("list", "--artifact", AUDIT, "--repo", url, "--local-repo", local.toString(),
                "--settings", mirrorOfEverything(url).toString()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).startsWith("error: Cannot fetch " + AUDIT + " from ");
    }

    @Test
    void aPasswordInARepositoryUrlIsNeverPrinted() {
        String url = "http://deployer:s3cret-repo-pw@127.0.0.1:" + Cli.freePort() + "/maven2/";

        Result result = Cli.run(Cli.args("list", "--artifact", AUDIT, "--repo", url, "--local-repo", local.toString(),
                "--settings", mirrorOfEverything(url).toString()));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
        assertThat(result.all()).doesNotContain("s3cret-repo-pw");
    }

    @Test
    void aMirrorInTheSettingsIsUsedForCentral() {
        Path jar = FamilyJar.family("released").version("1.0.0")
                .migration("V1__create_released.sql", "CREATE TABLE IF NOT EXISTS released (id INT);")
                .writeTo(temp.resolve("jars"));
        repository.deploy("io.x:schema-released:1.0.0", jar, TestRepository.pom("io.x:schema-released:1.0.0"));

        // No --repo, not offline: Central is asked for, and the mirror answers instead.
        Result result = Cli.run(Cli.args("list", "--artifact", "io.x:schema-released:1.0.0", "--local-repo",
                local.toString(), "--settings", mirrorOfEverything(repository.url()).toString()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("released");
        assertThat(result.err().lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("downloaded ").endsWith(" from company ("
                        + repository.url() + ")"));
    }

    @Test
    void downloadsAreReportedOnStderrAndStdoutStaysJson() {
        repository.withProjectFamilies();

        Result result = Cli.run(Cli.args("list", "--json", "--artifact", AUDIT, offline()));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("families")).extracting(f -> f.get("name").asText()).containsExactly("audit_events");
        assertThat(result.out()).doesNotContain("downloaded");
        assertThat(result.err().lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("downloaded \\S+\\.(jar|pom) \\(.+\\) from test \\(file:.+\\)"))
                .anySatisfy(line -> assertThat(line).contains("schema-audit-events-" + ProjectArtifacts.version() + ".jar"));
    }

    @Test
    void classpathEntriesAddToTheResolvedFamilies() {
        repository.withProjectFamilies();
        Path events = Cli.events("1.0.0").writeTo(temp.resolve("jars"));

        Result result = Cli.run(Cli.args("list", "--json", "--artifact", AUDIT, offline(), Cli.classpath(events)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.json().get("families")).extracting(f -> f.get("name").asText())
                .containsExactly("audit_events", "events");
    }

    @Test
    void repositoryOptionsWithoutCoordinatesAreAUsageError() {
        Result result = Cli.run("list", "--offline");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("give --artifact or --bom too");
    }

    @Test
    void invalidCoordinatesAndRepositoriesAreUsageErrors() {
        Result coordinates = Cli.run(Cli.args("list", "--artifact", "schema-audit-events", offline()));
        assertThat(coordinates.exitCode()).isEqualTo(2);
        assertThat(coordinates.err()).contains("'schema-audit-events' is not the Maven coordinates of an artifact;"
                + " expected groupId:artifactId:version");

        Result repo = Cli.run("list", "--artifact", AUDIT, "--repo", temp.resolve("nowhere").toString());
        assertThat(repo.exitCode()).isEqualTo(2);
        assertThat(repo.err()).contains("is neither a repository URL (file://, http://, https://) nor an existing directory");
    }

    @Test
    void aRepositoryGivenAsADirectoryIsUsed() throws IOException {
        repository.withProjectFamilies();
        Path noSettings = Files.writeString(temp.resolve("settings.xml"), "<settings/>");

        Result result = Cli.run("list", "--artifact", AUDIT, "--repo", repository.root().toString(), "--offline",
                "--local-repo", local.toString(), "--settings", noSettings.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).contains(" from repo-1 (" + repository.url() + ")");
    }

    private Path mirrorOfEverything(String url) {
        try {
            return Files.writeString(temp.resolve("mirror-settings.xml"), """
                    <settings>
                      <mirrors>
                        <mirror><id>company</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                      </mirrors>
                    </settings>
                    """.formatted(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
