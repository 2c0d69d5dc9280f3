package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.migrator.testing.TestServer;
import io.kubernaut.schema.resolver.testing.ProjectArtifacts;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe for services not built with Maven, run as written (the shell block is read from
 * README.md): it fetches the CLI's {@code -all} jar with curl from {@code SCHEMA_REPO_URL}, here a
 * {@code file://} repository laid out as {@code mvn deploy} publishes (the jar, classifier {@code all},
 * next to the families), and applies {@code schema-audit-events} to the database it names.
 */
@EnabledIf("curlAvailable")
class NonJvmRecipeIT {

    private static final String DATABASE = "gateway_e2e";
    private static final String ROLE = "gateway";
    private static final String PASSWORD = "e2e-secret-7";

    @TempDir
    Path temp;

    static boolean curlAvailable() {
        return new File("/usr/bin/curl").canExecute() || new File("/bin/curl").canExecute();
    }

    @Test
    void recipeFetchesTheAllJarFromAFileRepositoryAndAppliesTheFamily() throws Exception {
        String version = ProjectArtifacts.version();
        TestRepository repository = TestRepository.in(temp.resolve("repository")).withProjectFamilies();
        Path published = repository.root().resolve("io/kubernaut/schema/migrator-cli/" + version
                + "/migrator-cli-" + version + "-all.jar");
        Files.createDirectories(published.getParent());
        Files.copy(cliJar(), published);
        TestServer server = TestPostgres.server();
        freshDatabase(server);
        URI address = URI.create(server.jdbcUrl(DATABASE).substring("jdbc:".length()));
        Path script = temp.resolve("setup-db.sh");
        Files.writeString(script, recipe());
        Path home = Files.createDirectories(temp.resolve("home"));

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(home.toFile())
                .redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("MIGRATOR_") || name.startsWith("PG")
                || name.equals("DATABASE_URL") || name.startsWith("JDK_JAVA") || name.startsWith("XDG_"));
        environment.putAll(Map.of("SCHEMA_VERSION", version, "SCHEMA_REPO_URL", repository.url(),
                "HOME", home.toString(), "XDG_CACHE_HOME", temp.resolve("cache").toString(),
                "E2E_DB_HOST", address.getHost(), "E2E_DB_PORT", String.valueOf(address.getPort()),
                "E2E_DB_PASSWORD", PASSWORD,
                // The JVM takes user.home from the password database, not $HOME: keep ~/.m2 out of it.
                "JAVA_TOOL_OPTIONS", "-Duser.home=" + home));
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the recipe finishes").isTrue();
        String out = Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(out + err).isZero();
        assertThat(temp.resolve("cache/schema-registry/migrator-cli-" + version + "-all.jar")).hasSameBinaryContentAs(cliJar());
        assertThat(out).contains("Applied 4 migrations to schema 'public'");
        assertThat(err).doesNotContain(PASSWORD);
        assertThat(tables(server)).contains("audit_events", "schema_registry_history").doesNotContain("workflows");
    }

    /** The first shell block after "A Go service's end-to-end set-up" in the README. */
    private static String recipe() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("schema.test.deploy-dir", "../deploy"))
                .resolveSibling("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("A Go service's end-to-end set-up");
        assertThat(section).as("the recipe's section in README.md").isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    private static void freshDatabase(TestServer server) throws Exception {
        try (Connection connection = server.dataSource(TestServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                    + " CREATE ROLE " + ROLE + " LOGIN; END IF; END $$");
            statement.execute("ALTER ROLE " + ROLE + " PASSWORD '" + PASSWORD + "'");
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
        }
    }

    private static List<String> tables(TestServer server) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = server.dataSource(DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static Path cliJar() {
        Path jar = Path.of(System.getProperty("schema.test.cli-jar", "target/missing-cli-jar"));
        assertThat(jar).as("the runnable jar (-Dschema.test.cli-jar, made by `package`)").exists();
        return jar;
    }
}
