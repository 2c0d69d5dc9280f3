package io.kubernaut.schema.cli;

import picocli.CommandLine.Option;

/** How a command reports: {@code --json}, {@code --pretty}, {@code --log-format}, {@code --verbose}. */
final class OutputOptions {

    /** The forms of {@code --log-format} (matched ignoring case). */
    enum LogFormat {
        /** Sentences for people. */
        TEXT,
        /** One JSON object per line and event. */
        JSON
    }

    @Option(names = "--json", description = "Print the result as JSON on stdout, on one line (errors too, as"
            + " {\"error\":{...}}); progress is not shown.")
    boolean json;

    @Option(names = "--pretty", description = "With --json: indent the JSON over several lines.")
    boolean pretty;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "What goes to stderr: text (default) for people, or json: one JSON object per line for each"
                    + " event (run started, lock waited for and acquired, migration started and finished, adoption,"
                    + " failure with SQLSTATE, run finished), for log collectors. Progress then leaves stdout.")
    LogFormat logFormat;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces with errors, and library logs at INFO.")
    boolean verbose;
}
