package io.kubernaut.schema.cli;

import io.kubernaut.schema.cli.ClasspathOptions.Families;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code migrator} command: output, configuration and family options (the class
 * path, or Maven coordinates), and the one place that turns a failure into a message and an
 * {@link ExitCode}.
 */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    MigratorCli cli;

    @Mixin
    OutputOptions output;

    @Mixin
    ConfigOptions config;

    @Mixin
    ClasspathOptions classpath;

    @Mixin
    ArtifactOptions artifacts;

    @Mixin
    RepositoryOptions repositories;

    @Override
    public final Integer call() {
        Console console = Console.of(spec.commandLine(), output, environment());
        if (output.logFormat == OutputOptions.LogFormat.JSON && cli != null && cli.ownsStandardStreams()) {
            // Libraries log to the process's stderr; as JSON lines, they stay readable for a log collector. The
            // console printed nothing yet but holds the real stderr already (picocli's writer, made in Console.of).
            System.setErr(LogLines.stream(console::machineEvent));
        }
        long started = System.nanoTime();
        console.machineEvent(Event.info("run.started", "migrator " + spec.name() + " started")
                .with("command", spec.name()).with("version", MigratorCli.version()));
        int exitCode;
        try {
            exitCode = config.print ? Settings.of(spec, environment()).print(console).code() : execute(console).code();
        } catch (RuntimeException e) {
            exitCode = console.fail(e);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        console.machineEvent(Event.info("run.finished", "migrator " + spec.name() + " finished with exit code " + exitCode
                        + " in " + millis + " ms")
                .with("command", spec.name()).with("exitCode", exitCode)
                .with("outcome", exitCode == 0 ? "success" : "failure").with("durationMillis", millis));
        return exitCode;
    }

    /**
     * The families the command works on: with {@code --artifact} or {@code --bom}, those of the artifacts
     * resolved from Maven repositories (downloads reported on stderr); else those of the CLI's class
     * path. {@code --classpath} adds to either. The caller closes them.
     *
     * @throws ParameterException when repository options come without {@code --artifact} or {@code --bom}
     */
    protected final Families families(Console console) {
        if (!artifacts.any()) {
            if (repositories.any()) {
                throw new ParameterException(spec.commandLine(), "--repo, --local-repo, --offline and --settings say"
                        + " where --artifact and --bom are resolved from: give --artifact or --bom too");
            }
            return classpath.load(environment());
        }
        return classpath.load(repositories.resolver(console).resolve(artifacts.artifacts, artifacts.boms), environment());
    }

    /** Does the command's work and prints its result; failures are thrown, not printed. */
    protected abstract ExitCode execute(Console console);

    /** The process environment (a test's stand-in when run from a test). */
    protected Map<String, String> environment() {
        return cli != null ? cli.environment() : System.getenv();
    }
}
