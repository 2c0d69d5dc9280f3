package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --password} without a value asks on the terminal, never on stdout, and is refused with a
 * clear message when the process has none. The CLI runs in its own process in a new session
 * ({@code setsid}), so it has no controlling terminal whatever runs the tests.
 */
@EnabledIf("setsidAvailable")
class PasswordPromptTest {

    @TempDir
    Path jars;

    static boolean setsidAvailable() {
        return new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute();
    }

    static boolean scriptAvailable() {
        return new File("/usr/bin/script").canExecute();
    }

    /**
     * On a terminal (a pseudo-terminal from script(1)) with stdout redirected to a file, as
     * {@code migrator apply --json --password > result.json} is run: the prompt and nothing else goes to
     * the terminal, the typed password is not echoed, and the file holds only the JSON result.
     */
    @Test
    @EnabledIf("scriptAvailable")
    void onATerminalThePromptGoesThereWithoutEchoAndStdoutKeepsOnlyTheJson() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path events = Cli.events("1.0.0").writeTo(jars);
        Path result = jars.resolve("result.json");
        // The server's password where it checks one (Testcontainers); the embedded server takes any.
        String typed = database.server().password().isEmpty() ? "typed-" + System.nanoTime() : database.server().password();
        String cli = String.join(" ", ProcessHandle.current().info().command().orElse("java"), "-cp",
                "'" + System.getProperty("java.class.path") + "'", MigratorCli.class.getName(), "apply", "--json",
                "--url", database.jdbcUrl(), "--user", database.server().user(), "--password",
                "--classpath", events.toString(), ">", result.toString());
        Process process = new ProcessBuilder("script", "-qec", cli, "/dev/null").redirectErrorStream(true).start();
        // Typed once the prompt is shown (and echo is off), as a person would.
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        java.io.InputStream in = process.getInputStream();
        int b;
        while (!shown.toString(StandardCharsets.UTF_8).contains("Password for") && (b = in.read()) >= 0) {
            shown.write(b);
        }
        Thread.sleep(100);
        process.getOutputStream().write((typed + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String terminal = shown + new String(in.readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(terminal).isZero();
        String prompt = "Password for " + database.server().user() + ": ";
        assertThat(terminal).contains(prompt);
        assertThat(terminal.substring(terminal.indexOf(prompt) + prompt.length())).as("echo is off").doesNotContain(typed);
        assertThat(java.nio.file.Files.readString(result)).startsWith("{").doesNotContainIgnoringCase("password");
        assertThat(database.tables("public")).contains("events", "schema_registry_history");
    }

    @Test
    void withoutATerminalThePromptIsRefusedAndNothingIsApplied() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Path events = Cli.events("1.0.0").writeTo(jars);
        List<String> command = new ArrayList<>(List.of("setsid",
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                MigratorCli.class.getName(), "apply", "--json", "--url", database.jdbcUrl(),
                "--user", database.server().user(), "--password", "--classpath", events.toString()));
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI does not wait for input that cannot come").isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(out + err).isEqualTo(2);
        assertThat(err).contains("--password without a value asks for the password on the terminal, and this process"
                + " has none");
        assertThat(out).doesNotContainIgnoringCase("password:").contains("\"error\"");
        assertThat(database.tables("public")).isEmpty();
    }
}
