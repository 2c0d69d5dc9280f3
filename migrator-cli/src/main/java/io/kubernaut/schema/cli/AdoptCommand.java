package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.AdoptionReport;
import io.kubernaut.schema.migrator.ForeignHistory;
import io.kubernaut.schema.migrator.Migrator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code migrator adopt}: records families whose tables exist without history at the version they
 * are at, from their snapshots or from goose's or Flyway's history, without running any script.
 */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = {"Record the selected families whose tables exist without this migrator's history at the version"
                + " they are at, running none of their scripts: by comparing the schema with the snapshot of each version in"
                + " the family's artifact (the highest matching version), or with --from by importing goose's"
                + " goose_db_version or Flyway's flyway_schema_history after checking the schema against the version it"
                + " names. The other tool's table is only read. apply then runs the later migrations.",
                "Exits with 3, recording nothing, when the schema matches no version or differs from the imported one;"
                        + " the differences are listed."})
final class AdoptCommand extends ConnectedCommand {

    @Option(names = "--from", paramLabel = "TOOL", converter = ForeignHistoryConverter.class,
            description = "Import the history of goose (goose_db_version) or flyway (flyway_schema_history), in the"
                    + " target schema. Without it, the version comes from the schema snapshots.")
    ForeignHistory from;

    @Option(names = "--family", paramLabel = "FAMILY", description = "The family the imported history is of, when"
            + " several are selected (the same as --families FAMILY).")
    String family;

    @Override
    protected boolean changesDatabase() {
        return true;
    }

    @Override
    protected ExitCode run(Migrator migrator, Console console) {
        Migrator target = family == null ? migrator : migrator.withConfig(migrator.config().withFamilies(List.of(family)));
        AdoptionReport report = from == null ? target.adopt() : target.adopt(from);
        console.result(report, Json.adoption(report));
        return ExitCode.SUCCESS;
    }

    /** {@code goose} and {@code flyway}, in any case. */
    static final class ForeignHistoryConverter implements picocli.CommandLine.ITypeConverter<ForeignHistory> {

        @Override
        public ForeignHistory convert(String value) {
            for (ForeignHistory source : ForeignHistory.values()) {
                if (source.label().equalsIgnoreCase(value.trim())) {
                    return source;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not goose or flyway");
        }
    }
}
