package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {

    @TempDir
    Path jars;

    private Path audit() {
        return FamilyJar.family("audit").version("2.0.0").tables("audit_log", "audit_archive").requires("events")
                .migration("V1__create_audit.sql", "CREATE TABLE IF NOT EXISTS audit_log (id BIGINT);\n"
                        + "CREATE TABLE IF NOT EXISTS audit_archive (id BIGINT);")
                .writeTo(jars);
    }

    @Test
    void listsEachFamilyWithVersionTablesRequiresAndMigrationsWithoutADatabase() {
        Path events = Cli.events("1.2.0").writeTo(jars);
        Path audit = audit();

        Result result = Cli.run(Cli.args("list", Cli.classpath(events, audit)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).first().asString()
                .matches("FAMILY\\s+VERSION\\s+TABLES\\s+REQUIRES\\s+MIGRATIONS\\s+FROM");
        assertThat(result.out().lines())
                .anySatisfy(line -> assertThat(line).matches("audit\\s+2\\.0\\.0\\s+audit_archive,audit_log\\s+events\\s+1\\s+\\S*audit-2\\.0\\.0\\.jar"))
                .anySatisfy(line -> assertThat(line).matches("events\\s+1\\.2\\.0\\s+events\\s+-\\s+2\\s+\\S*events-1\\.2\\.0\\.jar"))
                .contains("2 families, 3 tables");
        assertThat(result.err()).as("no embedded database is started").isEmpty();
    }

    @Test
    void listAsJson() {
        Path events = Cli.events("1.2.0").writeTo(jars);
        Path audit = audit();

        Result result = Cli.run(Cli.args("list", "--json", Cli.classpath(events, audit)));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode families = result.json().get("families");
        assertThat(families).hasSize(2);
        JsonNode first = families.get(0);
        assertThat(first.get("name").asText()).isEqualTo("audit");
        assertThat(first.get("artifactVersion").asText()).isEqualTo("2.0.0");
        assertThat(first.get("tables")).extracting(JsonNode::asText).containsExactly("audit_archive", "audit_log");
        assertThat(first.get("requires")).extracting(JsonNode::asText).containsExactly("events");
        assertThat(first.get("migrationCount").asInt()).isEqualTo(1);
        assertThat(families.get(1).get("migrations")).extracting(m -> m.get("script").asText())
                .containsExactly("V1__create_events.sql", "V2__add_kind.sql");
    }

    @Test
    void directoryWildcardAddsEveryJarInIt() {
        Cli.events("1.2.0").writeTo(jars);
        audit();

        Result result = Cli.run("list", "--classpath", jars + "/*");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("2 families, 3 tables");
    }

    @Test
    void emptyClassPathSaysHowToAddFamilies() {
        Result result = Cli.run("list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("No families on the class path. Add family jars with --classpath.");
    }

    @Test
    void missingClasspathEntryIsAUsageError() {
        Result result = Cli.run("list", "--classpath", jars.resolve("nope.jar").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--classpath entry '" + jars.resolve("nope.jar") + "' does not exist");
    }
}
