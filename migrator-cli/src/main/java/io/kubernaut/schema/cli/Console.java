package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.listeners.MigrationListeners;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Where a command's output goes: results on stdout (a table, or JSON with {@code --json}), notes,
 * progress and errors on stderr (sentences, or JSON lines with {@code --log-format json}), and every
 * message through {@link Secrets} so no password is ever printed.
 */
final class Console {

    private final CommandLine commandLine;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean pretty;
    private final boolean jsonLog;
    private final boolean verbose;
    private final Secrets secrets;

    Console(CommandLine commandLine, OutputOptions options, Secrets secrets) {
        this.commandLine = commandLine;
        this.out = commandLine.getOut();
        this.err = commandLine.getErr();
        this.json = options.json;
        this.pretty = options.pretty;
        this.jsonLog = options.logFormat == OutputOptions.LogFormat.JSON;
        this.verbose = options.verbose;
        this.secrets = secrets;
    }

    /** A console for the command being run, its secrets taken from the arguments and environment. */
    static Console of(CommandLine commandLine, OutputOptions options, Map<String, String> environment) {
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        List<String> args = parsed == null ? List.of() : parsed.originalArgs();
        return new Console(commandLine, options, Secrets.of(args, environment));
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

    /**
     * A run's progress: events on stderr with {@code --log-format json}; else for people on stdout, as
     * migrations run, and nothing with {@code --json}.
     */
    MigrationListener listener() {
        if (jsonLog) {
            return new EventListener(this::event);
        }
        if (json) {
            return MigrationListener.silent();
        }
        return MigrationListeners.printingTo(out);
    }

    /** Prints a result: {@code human}'s text, or {@code machine} as JSON (one line unless --pretty). */
    void result(Object human, Object machine) {
        if (json) {
            out.println(Json.write(machine, pretty));
        } else {
            String text = String.valueOf(human);
            out.print(text.endsWith("\n") ? text : text + "\n");
        }
        out.flush();
    }

    /** A remark for the human on stderr (so it never mixes with JSON on stdout); a "note" event. */
    void note(String message) {
        event(Event.info("note", message));
    }

    /** Reports {@code event} on stderr: its message, or with --log-format json the event as one JSON line. */
    void event(Event event) {
        if (jsonLog) {
            machineEvent(event);
        } else {
            err.println(secrets.scrub(event.message()));
            err.flush();
        }
    }

    /** Reports {@code event} with --log-format json only: it tells people nothing the output does not. */
    void machineEvent(Event event) {
        if (jsonLog) {
            err.println(secrets.scrub(Json.event(event)));
            err.flush();
        }
    }

    /**
     * Reports {@code failure} (one message on stderr, or an "error" event; a JSON error object on stdout
     * with --json) and returns its exit code.
     */
    int fail(Throwable failure) {
        if (failure instanceof ParameterException usage) {
            return usageError(usage.getCommandLine(), usage, json, jsonLog, secrets);
        }
        ExitCode exitCode = ExitCode.of(failure);
        String message = secrets.scrub((failure.getMessage() != null ? failure.getMessage() : failure.toString())
                + hint(failure));
        if (json) {
            out.println(secrets.scrub(Json.write(Json.error(failure, exitCode, message), pretty)));
            out.flush();
        }
        boolean expected = failure instanceof SchemaRegistryException;
        String trace = null;
        if (verbose) {
            StringWriter stack = new StringWriter();
            failure.printStackTrace(new PrintWriter(stack));
            trace = secrets.scrub(stack.toString());
        }
        if (jsonLog) {
            Event event = Event.error("error", message).with("type", failure.getClass().getSimpleName())
                    .with("exitCode", exitCode.code()).with("stackTrace", trace);
            if (failure instanceof MigrationFailedException migration) {
                event = event.with("family", migration.family()).with("version", migration.version())
                        .with("script", migration.script()).with("line", migration.line())
                        .with("sqlState", migration.sqlState());
            }
            machineEvent(event);
            return exitCode.code();
        }
        err.println("error: " + message);
        if (trace != null) {
            err.print(trace);
        } else if (!expected) {
            err.println("(an unexpected " + failure.getClass().getName() + "; run with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode.code();
    }

    /** What to do about {@code failure} with this CLI's options, when the core's message cannot say it. */
    private static String hint(Throwable failure) {
        if (failure instanceof ConflictException conflict
                && conflict.conflicts().stream().anyMatch(c -> c instanceof Conflict.DuplicateFamily)) {
            return " With the CLI, give each family once: drop one of the --classpath entries that provide it, or take it"
                    + " either from --classpath or from --artifact/--bom (the ./migrator script adds this project's own"
                    + " families only when none of --classpath, --artifact, --bom is given).";
        }
        if (failure instanceof DatabaseUnavailableException && String.valueOf(failure.getMessage()).contains("timed out")) {
            return " The database did not answer in time: check that the host and port are those of a PostgreSQL"
                    + " server that is up, or allow longer with --connect-timeout (connecting and logging in) or"
                    + " --socket-timeout (every later answer).";
        }
        return "";
    }

    /**
     * Reports a command-line error picocli found (or a command raised): the message, spelling
     * suggestions and where to find help (or one "error" event with --log-format json); a JSON error
     * object on stdout too when --json was given.
     */
    static int usageError(CommandLine commandLine, ParameterException failure, boolean json, boolean jsonLog,
            Secrets secrets) {
        PrintWriter err = commandLine.getErr();
        ExitCode exitCode = ExitCode.of(failure);
        String message = secrets.scrub(failure.getMessage());
        if (json) {
            PrintWriter out = commandLine.getOut();
            out.println(secrets.scrub(Json.write(Json.error(failure, exitCode, message), false)));
            out.flush();
        }
        StringWriter suggestions = new StringWriter();
        UnmatchedArgumentException.printSuggestions(failure, new PrintWriter(suggestions));
        String help = "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.";
        if (jsonLog) {
            err.println(secrets.scrub(Json.event(Event.error("error", message)
                    .with("type", failure.getClass().getSimpleName()).with("exitCode", exitCode.code())
                    .with("suggestions", suggestions.toString().isBlank() ? null : suggestions.toString().strip())
                    .with("help", help))));
        } else {
            err.println("error: " + message);
            err.print(secrets.scrub(suggestions.toString()));
            err.println(help);
        }
        err.flush();
        return exitCode.code();
    }
}
