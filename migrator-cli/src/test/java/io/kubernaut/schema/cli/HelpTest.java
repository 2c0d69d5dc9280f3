package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
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
        for (String command : new String[] {"list", "plan", "apply", "status", "validate", "verify", "up"}) {
            Result result = Cli.run(command, "--help");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("Usage: migrator " + command, "Exit codes:", "4   Cannot connect");
        }
    }

    @Test
    void versionIsTheProjectVersion() {
        Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("migrator \\d+\\.\\d+\\.\\d+");
    }
}
