package io.kubernaut.schema.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where settings come from besides the command line: {@code --config FILE}; and {@code --print-config},
 * which shows the effective settings and their sources instead of running the command.
 */
final class ConfigOptions {

    @Option(names = OptionDefaults.CONFIG_OPTION, paramLabel = "FILE",
            description = "Take options from this file (.properties, or .yaml/.yml): one key per option, its long name"
                    + " without dashes (lock-wait: 30). Below the command line and the MIGRATOR_* environment"
                    + " variables; above DATABASE_URL and PG* variables.")
    Path file;

    @Option(names = "--print-config", description = "Show the effective settings and where each came from (password"
            + " masked), then exit without running the command.")
    boolean print;
}
