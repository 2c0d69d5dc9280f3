package io.kubernaut.schema.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.resolver.testing.ProjectArtifacts;
import io.kubernaut.schema.resolver.testing.RepositoryServer;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/**
 * settings.xml (mirrors, server credentials, encrypted passwords) and repositories over HTTP, served on
 * the loopback interface by the test, or a closed port there: never the network. Central stays in the
 * repository list where the settings are under test, but a mirror of '*' stands in for it.
 */
class SettingsAndNetworkTest {

    private static final String AUDIT = ProjectArtifacts.coordinates("schema-audit-events");

    @TempDir
    Path temp;

    private TestRepository repository;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        repository = TestRepository.in(temp.resolve("repository")).withProjectFamilies();
    }

    /**
     * A release of a family (a mirror of Central serves releases only, as Central does), as
     * io.x:schema-released:1.0.0.
     */
    private String released() {
        Path jar = FamilyJar.family("released").version("1.0.0")
                .migration("V1__create_released.sql", "CREATE TABLE IF NOT EXISTS released (id INT);")
                .writeTo(temp.resolve("jars"));
        repository.deploy("io.x:schema-released:1.0.0", jar, TestRepository.pom("io.x:schema-released:1.0.0"));
        return "io.x:schema-released:1.0.0";
    }

    private FamilyResolver.Builder resolver() {
        return FamilyResolver.builder()
                .userHome(temp.resolve("home"))
                .localRepository(temp.resolve("local"))
                .progress(progress::add);
    }

    @Test
    void aMirrorOfEverythingInTheUsersSettingsStandsInForCentral() throws IOException {
        writeSettings(temp.resolve("home/.m2/settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror><id>company</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(repository.url()));

        try (ResolvedFamilies families = resolver().build().resolve(released())) {
            assertThat(families.catalog().familyNames()).containsExactly("released");
        }
        assertThat(progress).isNotEmpty().allMatch(line -> line.contains(" from company (" + repository.url() + ")"));
        assertThatThrownBy(() -> resolver().build().resolve(AUDIT))
                .as("Central, and so its mirror, has no snapshots")
                .isInstanceOf(UnknownArtifactException.class)
                .hasMessageContaining("company (" + repository.url() + ", mirror of central)");
    }

    @Test
    void settingsGivenExplicitlyAreUsedAndTheirLocalRepositoryToo() throws IOException {
        Path settings = temp.resolve("elsewhere/settings.xml");
        writeSettings(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>company</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(temp.resolve("settings-local"), repository.url()));

        try (ResolvedFamilies families = FamilyResolver.builder().userHome(temp.resolve("home")).settings(settings)
                .build().resolve(released())) {
            assertThat(families.jars()).allMatch(jar -> jar.startsWith(temp.resolve("settings-local")));
        }
        assertThatThrownBy(() -> resolver().settings(temp.resolve("missing.xml")).build().resolve(AUDIT))
                .isExactlyInstanceOf(FamilyResolutionException.class)
                .hasMessage("The settings file " + temp.resolve("missing.xml") + " does not exist");
    }

    @Test
    void serverCredentialsFromSettingsAreSentToTheRepositoryWithTheirId() throws IOException {
        try (RepositoryServer server = RepositoryServer.serve(repository, "deployer", "s3cret")) {
            writeSettings(temp.resolve("home/.m2/settings.xml"), """
                    <settings>
                      <servers>
                        <server><id>company</id><username>deployer</username><password>s3cret</password></server>
                      </servers>
                    </settings>
                    """);

            try (ResolvedFamilies families = resolver().central(false).remoteRepository("company", server.url())
                    .build().resolve(AUDIT)) {
                assertThat(families.catalog().familyNames()).containsExactly("audit_events");
            }
            assertThat(server.requests()).anyMatch(r -> r.matches("GET /.*schema-audit-events-.*\\.jar 200"));
        }
    }

    @Test
    void anEncryptedPasswordIsDecryptedWithTheSettingsSecurityFile() throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        String master = cipher.encryptAndDecorate("master-password", "settings.security");
        Files.createDirectories(temp.resolve("home/.m2"));
        Files.writeString(temp.resolve("home/.m2/settings-security.xml"),
                "<settingsSecurity><master>" + master + "</master></settingsSecurity>");
        String encrypted = cipher.encryptAndDecorate("s3cret", "master-password");
        writeSettings(temp.resolve("home/.m2/settings.xml"), """
                <settings>
                  <servers>
                    <server><id>company</id><username>deployer</username><password>%s</password></server>
                  </servers>
                </settings>
                """.formatted(encrypted));

        try (RepositoryServer server = RepositoryServer.serve(repository, "deployer", "s3cret");
                ResolvedFamilies families = resolver().central(false).remoteRepository("company", server.url())
                        .build().resolve(AUDIT)) {
            assertThat(families.catalog().familyNames()).containsExactly("audit_events");
        }
    }

    @Test
    void refusedCredentialsSayWhereTheyComeFrom() {
        try (RepositoryServer server = RepositoryServer.serve(repository, "deployer", "s3cret")) {
            assertThatThrownBy(() -> resolver().central(false).remoteRepository("company", server.url()).build().resolve(AUDIT))
                    .isInstanceOfSatisfying(RepositoryUnavailableException.class,
                            e -> assertThat(e.repository()).isEqualTo("company (" + server.url() + ")"))
                    .isNotInstanceOf(CorruptedArtifactException.class)
                    .hasMessageStartingWith("Cannot fetch " + AUDIT + " from company (" + server.url() + "): ")
                    .hasMessageContaining("401")
                    .hasMessageContaining("<server> with <id>company</id>");
        }
    }

    @Test
    void anUnreachableRepositoryIsUnavailableNotUnknown() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/maven2/";

        assertThatThrownBy(() -> resolver().central(false).remoteRepository(url).build().resolve(AUDIT))
                .isExactlyInstanceOf(RepositoryUnavailableException.class)
                .hasMessageStartingWith("Cannot fetch " + AUDIT + " from repo-1 (" + url + "): ")
                .hasMessageContaining("refused");
    }

    @Test
    void aRepositoryOverHttpReportsItsDownloads() {
        try (RepositoryServer server = RepositoryServer.serve(repository)) {
            resolver().central(false).remoteRepository(server.url()).build().resolve(AUDIT).close();

            assertThat(progress).isNotEmpty()
                    .allMatch(line -> line.startsWith("downloaded ") && line.endsWith(" from repo-1 (" + server.url() + ")"));
        }
    }

    private static void writeSettings(Path file, String xml) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, xml);
    }
}
