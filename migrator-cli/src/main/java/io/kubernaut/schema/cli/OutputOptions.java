package io.kubernaut.schema.cli;

import picocli.CommandLine.Option;

/** How a command reports: {@code --json}, {@code --verbose}. */
final class OutputOptions {

    @Option(names = "--json", description = "Print machine-readable JSON on stdout (errors too, as"
            + " {\"error\":{...}}); progress is not shown.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces with errors, and library logs at INFO.")
    boolean verbose;
}
