package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.RepairResult;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code migrator repair}: accepts a deliberately changed script of an applied migration, recording
 * who, when and why in the history. Its {@code --version} is the migration's, so it has no
 * {@code --version} of the CLI (the standard help options are declared by hand). Its own options come
 * from the command line only: a repair is a deliberate act, never one a variable left set repeats.
 */
@Command(name = "repair",
        description = {"Accept a deliberately changed script of an applied migration: the history row of --family and"
                + " --version takes the artifact's checksum, its kind becomes 'repaired' and its note records the"
                + " previous checksum, who (database and OS user), when and --reason. Runs no SQL of the family;"
                + " apply then no longer refuses the script (and does not run it again).",
                "Exit codes: 0 repaired (or the checksums already agreed: nothing changed); 2 no --reason, an unknown"
                + " family or version, or a migration never applied or failed; 4 cannot connect or lock."})
final class RepairCommand extends ConnectedCommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @CommandLineOnly
    @Option(names = "--family", required = true, paramLabel = "FAMILY", description = "The family, e.g. audit_events.")
    String family;

    @CommandLineOnly
    @Option(names = "--version", required = true, paramLabel = "N", description = "The migration version (V<N>__...sql).")
    int version;

    @CommandLineOnly
    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why the script was changed; recorded in the history. Required, not blank.")
    String reason;

    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        if (reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason is blank: say why the script was changed");
        }
        RepairResult result = migrator.repair(family, version, reason);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema", result.schema());
        json.put("family", result.family());
        json.put("version", result.version());
        json.put("script", result.script());
        json.put("repaired", result.repaired());
        json.put("previousChecksum", result.previousChecksum());
        json.put("checksum", result.checksum());
        json.put("repairedBy", result.repairedBy());
        json.put("repairedAt", result.repairedAt() == null ? null : result.repairedAt().toString());
        json.put("reason", result.reason());
        console.result(result, json);
        return ExitCode.SUCCESS;
    }
}
