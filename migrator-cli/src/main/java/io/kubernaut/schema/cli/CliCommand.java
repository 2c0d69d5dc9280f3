package io.kubernaut.schema.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code migrator} command: output and family options, and the one place that
 * turns a failure into a message and an {@link ExitCode}.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    MigratorCli cli;

    @Mixin
    OutputOptions output;

    @Mixin
    ClasspathOptions classpath;

    @Override
    public final Integer call() {
        Console console = Console.of(spec.commandLine(), output, environment());
        try {
            return execute(console).code();
        } catch (RuntimeException e) {
            return console.fail(e);
        }
    }

    /** Does the command's work and prints its result; failures are thrown, not printed. */
    protected abstract ExitCode execute(Console console);

    /** The process environment (a test's stand-in when run from a test). */
    protected Map<String, String> environment() {
        return cli != null ? cli.environment() : System.getenv();
    }
}
