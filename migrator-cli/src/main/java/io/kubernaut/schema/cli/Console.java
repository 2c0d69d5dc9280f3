package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Where a command's output goes: results on stdout (a table, or JSON with {@code --json}), notes and
 * errors on stderr, and every error through {@link Secrets} so no password is ever printed.
 */
final class Console {

    private final CommandLine commandLine;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean verbose;
    private final Secrets secrets;

    Console(CommandLine commandLine, boolean json, boolean verbose, Secrets secrets) {
        this.commandLine = commandLine;
        this.out = commandLine.getOut();
        this.err = commandLine.getErr();
        this.json = json;
        this.verbose = verbose;
        this.secrets = secrets;
    }

    /** A console for the command being run, its secrets taken from the arguments and environment. */
    static Console of(CommandLine commandLine, OutputOptions options, Map<String, String> environment) {
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        List<String> args = parsed == null ? List.of() : parsed.originalArgs();
        return new Console(commandLine, options.json, options.verbose, Secrets.of(args, environment));
    }

    boolean json() {
        return json;
    }

    /** Keeps {@code secret} out of everything this console prints. */
    void secret(String secret) {
        secrets.add(secret);
    }

    /** Keeps the passwords inside {@code url} out of everything this console prints. */
    void secretsIn(String url) {
        secrets.addFromUrl(url);
    }

    /** {@code text} without any known secret. */
    String scrub(String text) {
        return secrets.scrub(text);
    }

    /** Progress for humans on stdout, as migrations run; nothing with {@code --json}. */
    MigrationListener listener() {
        if (json) {
            return MigrationListener.silent();
        }
        return MigrationListener.printingTo(new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8));
    }

    /** Prints a result: {@code human}'s text, or {@code machine} as JSON. */
    void result(Object human, Object machine) {
        if (json) {
            out.println(Json.write(machine));
        } else {
            String text = String.valueOf(human);
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    /** A remark for the human on stderr (so it never mixes with JSON on stdout). */
    void note(String message) {
        err.println(secrets.scrub(message));
        err.flush();
    }

    /** Reports {@code failure} (one message on stderr; a JSON error object on stdout with --json). */
    int fail(Throwable failure) {
        if (failure instanceof ParameterException usage) {
            return usageError(usage.getCommandLine(), usage, json, secrets);
        }
        ExitCode exitCode = ExitCode.of(failure);
        String message = secrets.scrub(failure.getMessage() != null ? failure.getMessage() : failure.toString());
        if (json) {
            out.println(secrets.scrub(Json.write(Json.error(failure, exitCode, message))));
            out.flush();
        }
        err.println("error: " + message);
        if (verbose) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(secrets.scrub(trace.toString()));
        } else if (!(failure instanceof SchemaRegistryException || failure instanceof PostgresServerException)) {
            err.println("(an unexpected " + failure.getClass().getName() + "; run with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode.code();
    }

    /**
     * Reports a command-line error picocli found (or a command raised): the message, spelling
     * suggestions and where to find help; a JSON error object on stdout too when --json was given.
     */
    static int usageError(CommandLine commandLine, ParameterException failure, boolean json, Secrets secrets) {
        PrintWriter err = commandLine.getErr();
        String message = secrets.scrub(failure.getMessage());
        if (json) {
            PrintWriter out = commandLine.getOut();
            out.println(secrets.scrub(Json.write(Json.error(failure, ExitCode.USAGE, message))));
            out.flush();
        }
        err.println("error: " + message);
        StringWriter suggestions = new StringWriter();
        UnmatchedArgumentException.printSuggestions(failure, new PrintWriter(suggestions));
        err.print(secrets.scrub(suggestions.toString()));
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.code();
    }
}
