package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernaut.schema.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrator lint DIR [--fix]}: findings with file:line, the rewrite in place, and what needs a hand. */
class LintCommandTest {

    @TempDir
    Path folder;

    private static final String SEED = """
            -- +goose Up
            CREATE TABLE currencies (code CHAR(3) PRIMARY KEY, name TEXT NOT NULL);
            INSERT INTO currencies VALUES ('EUR', 'Euro');

            -- +goose Down
            DROP TABLE currencies;
            """;

    @Test
    void lintReportsEachStatementWithFileAndLineAndExits3() throws Exception {
        Files.writeString(folder.resolve("001_currencies.sql"), SEED);

        Result result = Cli.run("lint", folder.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).contains(folder.resolve("001_currencies.sql") + ":2: CREATE TABLE without IF NOT EXISTS",
                folder.resolve("001_currencies.sql") + ":3: INSERT without ON CONFLICT",
                "lint: 2 statements are not idempotent in " + folder + ": 2 fixed by --fix, 0 to fix by hand");
        assertThat(folder.resolve("001_currencies.sql")).hasContent(SEED.stripTrailing());
    }

    @Test
    void fixRewritesTheFilesInPlacePrintsWhatChangedAndExits0WhenNothingIsLeft() throws Exception {
        Files.writeString(folder.resolve("001_currencies.sql"), SEED);

        Result result = Cli.run("lint", folder.toString(), "--fix");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(folder.resolve("001_currencies.sql")).content()
                .contains("CREATE TABLE IF NOT EXISTS currencies").contains("('EUR', 'Euro') ON CONFLICT DO NOTHING;")
                .endsWith("-- +goose Down\nDROP TABLE currencies;\n");
        assertThat(result.out()).contains("    - CREATE TABLE currencies (code CHAR(3) PRIMARY KEY, name TEXT NOT NULL);",
                "    + CREATE TABLE IF NOT EXISTS currencies (code CHAR(3) PRIMARY KEY, name TEXT NOT NULL);",
                "lint --fix: 2 statements rewritten in 1 file of " + folder + "; nothing left to fix by hand");
        assertThat(Cli.run("lint", folder.toString()).exitCode()).isZero();
    }

    @Test
    void whatTheFixCannotDoIsListedWithTheReasonAsJson() throws Exception {
        Files.writeString(folder.resolve("V1__events.sql"), "CREATE TABLE events (id INT);\nCREATE INDEX ON events (id);\n");

        JsonNode json = Cli.run("lint", folder.toString(), "--fix", "--json").json();

        assertThat(json.get("format").asText()).isEqualTo("versioned");
        assertThat(json.get("clean").asBoolean()).isFalse();
        assertThat(json.at("/changes/0/line").asInt()).isEqualTo(1);
        assertThat(json.at("/findings/0/line").asInt()).isEqualTo(2);
        assertThat(json.at("/findings/0/reason").asText()).startsWith("an index without a name cannot take IF NOT EXISTS");
    }

    @Test
    void aFolderThatCannotBeAFamilyExits2WithFileAndLine() throws Exception {
        Files.writeString(folder.resolve("V1__events.sql"), "-- +goose Up\nCREATE TABLE events (id INT);\n");

        Result result = Cli.run("lint", folder.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(folder.resolve("V1__events.sql") + ":1: a goose annotation in a V<n>__ script");
    }

    @Test
    void transactionControlInAScriptExits2WithFileAndLineAndChangesNothing() throws Exception {
        String script = "CREATE TABLE IF NOT EXISTS events (id INT);\nBEGIN;\nINSERT INTO events VALUES (1) ON CONFLICT DO NOTHING;\n"
                + "COMMIT;\n";
        Files.writeString(folder.resolve("V1__events.sql"), script);

        Result result = Cli.run("lint", "--fix", folder.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(folder.resolve("V1__events.sql") + ":2: BEGIN is refused in a migration script",
                folder.resolve("V1__events.sql") + ":4: COMMIT is refused in a migration script");
        assertThat(folder.resolve("V1__events.sql")).hasContent(script.stripTrailing());
    }
}
