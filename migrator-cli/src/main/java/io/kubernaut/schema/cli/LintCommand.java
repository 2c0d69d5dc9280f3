package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.lint.IdempotencyLint;
import io.kubernaut.schema.migrator.lint.LintReport;
import io.kubernaut.schema.migrator.lint.MigrationSources;
import io.kubernaut.schema.migrator.lint.ScriptFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code migrator lint DIR [--fix]}: the idempotency lint of a family's folder, rewriting the mechanical cases. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Report every statement of a family's migrations (V1__x.sql scripts, or goose files 001_x.sql)"
                + " that is not idempotent, with file:line; with --fix, rewrite the mechanical ones in place (IF NOT"
                + " EXISTS, OR REPLACE, IF EXISTS, DO blocks that check the catalog) and list what needs a hand, with"
                + " the reason. Needs no database. Exit 3 while statements remain.")
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    MigratorCli cli;

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "DIR", description = "The family's migrations folder.")
    Path directory;

    @Option(names = "--fix", description = "Rewrite the mechanical cases in place (the files keep their line ends).")
    boolean fix;

    @Option(names = "--format", paramLabel = "auto|versioned|goose", defaultValue = "auto",
            description = "How the folder's migrations are written (default: told by their names).")
    String format;

    @Override
    public Integer call() {
        Map<String, String> environment = cli != null ? cli.environment() : System.getenv();
        Console console = Console.of(spec.commandLine(), output, environment);
        try {
            ScriptFormat scriptFormat;
            try {
                scriptFormat = ScriptFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
            }
            MigrationSources sources = MigrationSources.read(directory, scriptFormat);
            LintReport report = fix ? IdempotencyLint.fix(sources) : IdempotencyLint.check(sources);
            if (fix) {
                report.write();
            }
            console.result(report.describe(), Json.lint(report));
            return (report.clean() ? ExitCode.SUCCESS : ExitCode.REFUSED).code();
        } catch (IOException e) {
            return console.fail(new UncheckedIOException("Cannot read or write " + directory + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            return console.fail(e);
        }
    }
}
