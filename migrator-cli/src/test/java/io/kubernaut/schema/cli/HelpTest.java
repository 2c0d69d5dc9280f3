package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpTest {

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("list", "plan", "apply", "status", "validate", "verify", "up", "Exit codes:");
        for (ExitCode exitCode : ExitCode.values()) {
            assertThat(result.out()).containsPattern("(?m)^  " + exitCode.code() + "\\s+\\S");
        }
    }

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        for (String command : MigratorCli.commandNames(MigratorCli.commandLine(Map.of()).getCommandSpec())) {
            Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("Usage: migrator " + command, "Exit codes:", "4   Cannot connect");
        }
    }

    @Test
    void commandNamesComeFromTheModelWithEveryCommandOnce() {
        assertThat(MigratorCli.commandNames(MigratorCli.commandLine(Map.of()).getCommandSpec()))
                .startsWith("list", "plan", "apply", "status")
                .contains("compat", "config", "lint", "repair")
                .doesNotContain("help", "migrate", "info")
                .doesNotHaveDuplicates();
    }

    @Test
    void versionIsTheProjectVersion() {
        Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("migrator \\d+\\.\\d+\\.\\d+");
    }
}
