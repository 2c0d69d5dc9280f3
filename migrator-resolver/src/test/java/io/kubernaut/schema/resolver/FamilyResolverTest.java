package io.kubernaut.schema.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.resolver.testing.ProjectArtifacts;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution from file:// repositories built by the test, into an empty local repository, with Central
 * switched off (or, where the defaults are under test, unreachable because --offline): never the network.
 */
class FamilyResolverTest {

    private static final String AUDIT = ProjectArtifacts.coordinates("schema-audit-events");
    private static final String WORKFLOWS = ProjectArtifacts.coordinates("schema-workflows");

    @TempDir
    Path temp;

    private TestRepository repository;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        repository = TestRepository.in(temp.resolve("repository"));
    }

    /** The repository under test only: empty local repository, no settings, no Central. */
    private FamilyResolver.Builder resolver() {
        return FamilyResolver.builder()
                .userHome(temp.resolve("home"))
                .localRepository(temp.resolve("local"))
                .remoteRepository("test", repository.url())
                .central(false)
                .progress(progress::add);
    }

    @Test
    void resolvesAFamilyWithItsRuntimeDependenciesButNotMigratorCore() {
        repository.withProjectFamilies();

        try (ResolvedFamilies families = resolver().build().resolve(AUDIT)) {
            assertThat(families.families()).extracting(ResolvedArtifact::coordinates).containsExactly(AUDIT);
            assertThat(families.artifacts().get(0).coordinates()).isEqualTo(AUDIT);
            assertThat(families.artifacts()).extracting(ResolvedArtifact::coordinates)
                    .anyMatch(c -> c.startsWith("org.jooq:jooq:"))
                    .noneMatch(c -> c.contains(":migrator-core:"));
            assertThat(families.jars()).allMatch(jar -> jar.startsWith(temp.resolve("local")));

            // Both project families are on this test's class path; the resolved loader shows only its own.
            SchemaCatalog catalog = families.catalog();
            assertThat(catalog.familyNames()).containsExactly("audit_events");
            SchemaModule audit = catalog.family("audit_events").orElseThrow();
            assertThat(audit.artifactVersion()).isEqualTo(ProjectArtifacts.version());
            assertThat(audit.location()).contains(temp.resolve("local").toString());
            assertThat(audit.getClass().getClassLoader().getName()).isEqualTo("schema-families");
        }
    }

    @Test
    void aResolvedFamilyIsAppliedByTheMigratorOfTheCaller() {
        repository.withProjectFamilies();
        TestPostgres.Database database = TestPostgres.newDatabase();

        try (ResolvedFamilies families = resolver().build().resolve(AUDIT)) {
            ApplyResult result = Migrator.using(database.dataSource()).withCatalog(families.catalog()).apply();

            assertThat(result.families()).containsExactly("audit_events");
        }
        assertThat(database.tables("public")).contains("audit_events", "schema_registry_history")
                .doesNotContain("workflows");
    }

    @Test
    void aBomBringsEveryFamilyItManagesAndSkipsTheOtherEntries() {
        repository.withProjectFamilies();
        String bom = "io.kubernaut.schema.test:test-bom:1.0";
        String jooq = jooqCoordinates();
        repository.deployPom(bom, TestRepository.bom(bom, AUDIT, jooq, WORKFLOWS,
                ProjectArtifacts.coordinates("migrator-core")));

        try (ResolvedFamilies families = resolver().build().resolve(List.of(), List.of(bom))) {
            assertThat(families.families()).extracting(ResolvedArtifact::coordinates).containsExactly(AUDIT, WORKFLOWS);
            assertThat(families.catalog().familyNames()).containsExactly("audit_events", "workflows");
            assertThat(families.artifacts()).extracting(ResolvedArtifact::coordinates)
                    .as("jOOQ is there as the families' dependency, migrator-core not at all")
                    .contains(jooq).noneMatch(c -> c.contains(":migrator-core:"));
        }
    }

    @Test
    void aBomWithoutAnyFamilyIsRefused() {
        repository.withProjectFamilies();
        String bom = "io.kubernaut.schema.test:no-families-bom:1.0";
        repository.deployPom(bom, TestRepository.bom(bom, jooqCoordinates()));

        assertThatThrownBy(() -> resolver().build().resolve(List.of(), List.of(bom)))
                .isInstanceOf(NoFamilyException.class)
                .hasMessageContaining("The BOM " + bom + " lists no table family")
                .hasMessageContaining(jooqCoordinates());
    }

    @Test
    void aFamilyRequiredByTheOneAskedForComesAlongAsItsDependency() {
        Path jars = temp.resolve("jars");
        Path base = FamilyJar.family("base").version("1.0.0")
                .migration("V1__create_base.sql", "CREATE TABLE IF NOT EXISTS base (id BIGINT PRIMARY KEY);")
                .writeTo(jars);
        Path top = FamilyJar.family("top").version("2.0.0").requires("base")
                .migration("V1__create_top.sql", "CREATE TABLE IF NOT EXISTS top (id BIGINT PRIMARY KEY,"
                        + " base_id BIGINT REFERENCES base (id));")
                .writeTo(jars);
        repository.deploy("io.x:schema-base:1.0.0", base, TestRepository.pom("io.x:schema-base:1.0.0"));
        repository.deploy("io.x:schema-top:2.0.0", top, TestRepository.pom("io.x:schema-top:2.0.0", "io.x:schema-base:1.0.0"));
        TestPostgres.Database database = TestPostgres.newDatabase();

        try (ResolvedFamilies families = resolver().build().resolve("io.x:schema-top:2.0.0")) {
            assertThat(families.families()).extracting(ResolvedArtifact::coordinates)
                    .containsExactly("io.x:schema-top:2.0.0", "io.x:schema-base:1.0.0");
            ApplyResult result = Migrator.using(database.dataSource()).withCatalog(families.catalog()).apply();
            assertThat(result.families()).containsExactly("base", "top");
        }
        assertThat(database.tables("public")).contains("base", "top");
    }

    @Test
    void unknownCoordinatesNameEveryRepositorySearched() {
        assertThatThrownBy(() -> resolver().build().resolve("io.x:schema-nothing:1.0"))
                .isInstanceOfSatisfying(UnknownArtifactException.class, e -> {
                    assertThat(e.coordinates()).isEqualTo("io.x:schema-nothing:1.0");
                    assertThat(e.repositories()).containsExactly(
                            "local repository (" + temp.resolve("local") + ")",
                            "test (" + repository.url() + ")");
                })
                .hasMessageStartingWith("io.x:schema-nothing:1.0 not found in local repository (" + temp.resolve("local")
                        + "), test (" + repository.url() + ")");
    }

    @Test
    void aMissingDependencyIsNamedWithTheArtifactThatNeedsIt() {
        Path jar = FamilyJar.family("lonely").migration("V1__create_lonely.sql", "CREATE TABLE IF NOT EXISTS lonely (id INT);")
                .writeTo(temp.resolve("jars"));
        repository.deploy("io.x:schema-lonely:1.0", jar, TestRepository.pom("io.x:schema-lonely:1.0", "io.x:gone:3.0"));

        assertThatThrownBy(() -> resolver().build().resolve("io.x:schema-lonely:1.0"))
                .isInstanceOf(UnknownArtifactException.class)
                .hasMessageStartingWith("io.x:gone:")
                .hasMessageContaining("io.x:schema-lonely:1.0")
                .hasMessageContaining("not found in local repository");
    }

    @Test
    void aJarWithoutAFamilyIsRefusedBeforeItsDependenciesAreFetched() throws IOException {
        Path jar = temp.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("not a family".getBytes());
            out.closeEntry();
        }
        repository.deploy("io.x:y:1.0", jar, TestRepository.pom("io.x:y:1.0", "io.x:never-fetched:1.0"));

        assertThatThrownBy(() -> resolver().build().resolve("io.x:y:1.0"))
                .isInstanceOfSatisfying(NoFamilyException.class, e -> assertThat(e.jar()).exists())
                .hasMessageStartingWith("io.x:y:1.0 contains no table family (no"
                        + " META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule in ");
    }

    @Test
    void aDownloadThatDoesNotMatchItsChecksumFails() {
        repository.withProjectFamilies();
        repository.corruptChecksum(AUDIT, "jar");

        assertThatThrownBy(() -> resolver().build().resolve(AUDIT))
                .isInstanceOfSatisfying(CorruptedArtifactException.class, e -> {
                    assertThat(e.coordinates()).isEqualTo(AUDIT);
                    assertThat(e.repository()).isEqualTo("test (" + repository.url() + ")");
                })
                .hasMessageContaining(AUDIT + " downloaded from test (" + repository.url() + ") does not match its checksum")
                .hasMessageContaining("0123456789abcdef0123456789abcdef01234567");
        assertThat(temp.resolve("local").resolve(repository.root().relativize(repository.path(AUDIT, "jar")).toString()))
                .as("the corrupted file is not kept").doesNotExist();
    }

    @Test
    void aDownloadWithoutAnyChecksumIsRefused() throws IOException {
        repository.withProjectFamilies();
        Path jar = repository.path(AUDIT, "jar");
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha1"));
        Files.delete(jar.resolveSibling(jar.getFileName() + ".md5"));

        assertThatThrownBy(() -> resolver().build().resolve(AUDIT))
                .isInstanceOf(CorruptedArtifactException.class)
                .hasMessageStartingWith(AUDIT + " has no checksum file (.sha1, .md5) in test (" + repository.url() + ")")
                .hasMessageEndingWith("unverifiable downloads are refused.");
    }

    @Test
    void invalidCoordinatesSayWhatIsExpected() {
        assertThatThrownBy(() -> resolver().build().resolve("schema-audit-events"))
                .isExactlyInstanceOf(FamilyResolutionException.class)
                .hasMessage("'schema-audit-events' is not the Maven coordinates of an artifact; expected"
                        + " groupId:artifactId:version, e.g. io.kubernaut.schema:schema-audit-events:0.1.0");
        assertThatThrownBy(() -> resolver().build().resolve(List.of(), List.of("io.x::1.0")))
                .isExactlyInstanceOf(FamilyResolutionException.class)
                .hasMessageContaining("of a BOM");
        assertThatThrownBy(() -> resolver().remoteRepository("ftp://example.com/repo"))
                .isExactlyInstanceOf(FamilyResolutionException.class)
                .hasMessageContaining("'ftp://example.com/repo' is not a repository URL");
    }

    @Test
    void progressHasOneLinePerDownloadedFileAndNothingOnceCached() {
        repository.withProjectFamilies();

        resolver().build().resolve(AUDIT).close();

        assertThat(progress).isNotEmpty()
                .allMatch(line -> line.matches("downloaded \\S+\\.(jar|pom) \\(\\d+(\\.\\d)? (B|kB|MB)\\) from test \\(file:\\S+\\)"))
                .anyMatch(line -> line.contains("schema-audit-events-" + ProjectArtifacts.version() + ".jar"))
                .anyMatch(line -> line.contains("/jooq-"))
                .doesNotHaveDuplicates();

        progress.clear();
        resolver().build().resolve(AUDIT).close();

        assertThat(progress).as("everything is in the local repository now").isEmpty();
    }

    @Test
    void offlineStillReadsFileRepositoriesButNeverTheNetwork() {
        repository.withProjectFamilies();
        FamilyResolver offline = resolver().central(true).offline(true).build();

        try (ResolvedFamilies families = offline.resolve(AUDIT)) {
            assertThat(families.catalog().familyNames()).containsExactly("audit_events");
        }
        assertThatThrownBy(() -> offline.resolve("io.x:unknown:1.0"))
                .isInstanceOf(UnknownArtifactException.class)
                .hasMessageContaining("central (https://repo.maven.apache.org/maven2/) [not contacted: offline]")
                .hasMessageContaining("(or run without --offline)");
    }

    @Test
    void versionsListsWhatTheRepositoryHas() {
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
            Path jar = FamilyJar.family("versioned").version(version)
                    .migration("V1__create_versioned.sql", "CREATE TABLE IF NOT EXISTS versioned (id INT);")
                    .writeTo(temp.resolve("jars"));
            repository.deploy("io.x:schema-versioned:" + version, jar, TestRepository.pom("io.x:schema-versioned:" + version));
        }

        assertThat(resolver().build().versions("io.x:schema-versioned")).containsExactly("1.0.0", "1.1.0", "2.0.0");
        assertThat(resolver().build().versions("io.x:nothing")).isEmpty();
    }

    @Test
    void twoVersionsOfOneArtifactAreRefused() {
        assertThatThrownBy(() -> resolver().build().resolve("io.x:a:1.0", "io.x:a:2.0"))
                .isExactlyInstanceOf(FamilyResolutionException.class)
                .hasMessage("io.x:a is asked for twice, as 1.0 and 2.0; one class loader can hold one version of a family");
    }

    private static String jooqCoordinates() {
        return "org.jooq:jooq:" + org.jooq.Constants.VERSION;
    }
}
