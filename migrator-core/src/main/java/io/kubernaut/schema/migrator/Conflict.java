package io.kubernaut.schema.migrator;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One reason to refuse: what disagrees with what, and where.
 *
 * @since 0.1.0
 */
public sealed interface Conflict {

    /** The family concerned. */
    String family();

    /** One or two sentences saying what and where, and what to do. */
    String describe();

    /**
     * An applied migration's script was changed after it was applied: the checksum recorded in the
     * database differs from the artifact's.
     *
     * @param family                 the family
     * @param version                the migration version
     * @param script                 the script name
     * @param appliedChecksum        the checksum in the history table
     * @param artifactChecksum       the checksum in the artifact
     * @param appliedArtifactVersion the artifact version that applied it
     * @param artifactVersion        the artifact version on the classpath
     */
    record ChecksumMismatch(String family, int version, String script, String appliedChecksum, String artifactChecksum,
            String appliedArtifactVersion, String artifactVersion) implements Conflict {

        @Override
        public String describe() {
            return "migration '" + family + "' V" + version + " (" + script + ") was applied by " + family + " "
                    + appliedArtifactVersion + " with checksum " + appliedChecksum + ", but " + family + " "
                    + artifactVersion + " has checksum " + artifactChecksum
                    + ": an applied migration must never change; add a new migration instead.";
        }
    }

    /**
     * The database has migrations of the family that the artifact does not know: a newer version of
     * the family was applied. Additive changes stay readable, so {@link AheadPolicy#ALLOW} may accept it.
     *
     * @param family                 the family
     * @param unknownVersions        versions recorded in the database that the artifact lacks
     * @param latestArtifactVersion  the highest migration version the artifact has
     * @param appliedArtifactVersion the artifact version that applied the newest migration
     * @param artifactVersion        the artifact version on the classpath
     */
    record DatabaseAhead(String family, List<Integer> unknownVersions, int latestArtifactVersion,
            String appliedArtifactVersion, String artifactVersion) implements Conflict {

        public DatabaseAhead {
            unknownVersions = List.copyOf(unknownVersions);
        }

        @Override
        public String describe() {
            return "the database has migrations " + unknownVersions.stream().map(v -> "V" + v)
                    .collect(Collectors.joining(", ")) + " of '" + family + "' (applied by " + family + " "
                    + appliedArtifactVersion + "), but " + family + " " + artifactVersion + " on the classpath ends at V"
                    + latestArtifactVersion + ": upgrade the dependency, or allow a database that is ahead"
                    + " (AheadPolicy.ALLOW, --allow-ahead).";
        }
    }

    /**
     * A gap in the history: versions of the family are not applied although a later version is (a
     * history row was deleted, or a version was inserted below applied ones). Running them now would
     * run them after the later ones, possibly undoing them; {@code MigrationConfig.outOfOrder} allows it.
     *
     * @param family          the family
     * @param missingVersions the versions not applied, each below {@code appliedAbove}
     * @param appliedAbove    the highest applied version
     */
    record HistoryGap(String family, List<Integer> missingVersions, int appliedAbove) implements Conflict {

        public HistoryGap {
            missingVersions = List.copyOf(missingVersions);
        }

        @Override
        public String describe() {
            String missing = missingVersions.stream().map(v -> "V" + v).collect(Collectors.joining(", "));
            return "the history of '" + family + "' lacks " + missing + " although V" + appliedAbove + " is applied:"
                    + " running " + missing + " now would run " + (missingVersions.size() == 1 ? "it" : "them")
                    + " after V" + appliedAbove + ", which may undo it. If the effects are in the database, restore the"
                    + " history " + (missingVersions.size() == 1 ? "row" : "rows") + "; to run " + missing
                    + " after V" + appliedAbove + " anyway, allow it explicitly (MigrationConfig.outOfOrder,"
                    + " --out-of-order).";
        }
    }

    /**
     * Two artifacts on the classpath provide the same family.
     *
     * @param family  the family
     * @param sources each provider's location (jar or directory) and artifact version
     */
    record DuplicateFamily(String family, List<Source> sources) implements Conflict {

        public DuplicateFamily {
            sources = List.copyOf(sources);
        }

        @Override
        public String describe() {
            return "family '" + family + "' is provided " + sources.size() + " times on the classpath: "
                    + sources.stream().map(s -> s.location() + " (version " + s.artifactVersion() + ")")
                            .collect(Collectors.joining(" and "))
                    + ". Keep one: align versions with the schema-bom or exclude the duplicate.";
        }

        /**
         * One provider of a duplicated family.
         *
         * @param location        the jar or directory
         * @param artifactVersion the version it declares
         */
        public record Source(String location, String artifactVersion) {
        }
    }

    /**
     * A family's tables exist in the schema without history, and the live schema equals the snapshot
     * of none of the family's versions, so the version the database is at cannot be told. Nothing is
     * run over tables of an unknown version.
     *
     * @param family           the family
     * @param schema           the target schema
     * @param comparedVersions the versions whose snapshot was compared; empty when the artifact ships none
     * @param nearestVersion   the version with the fewest differences, 0 when none was compared
     * @param differences      the differences against {@code nearestVersion}
     */
    record UnrecognizedSchema(String family, String schema, List<Integer> comparedVersions, int nearestVersion,
            List<Drift> differences) implements Conflict {

        /** At most this many differences are listed in {@link #describe()}; all are in {@link #differences()}. */
        static final int LISTED = 20;

        public UnrecognizedSchema {
            comparedVersions = List.copyOf(comparedVersions);
            differences = List.copyOf(differences);
        }

        @Override
        public String describe() {
            String found = "tables of family '" + family + "' exist in schema '" + schema + "' without history";
            String wayOut = " Running its scripts over them is refused. Declare the version the database is at with"
                    + " --baseline-version N (MigrationConfig.baselineVersion), recorded as a baseline: migrations up to N"
                    + " are not run, later ones are.";
            if (comparedVersions.isEmpty()) {
                return "the " + found + ", and its artifact ships no schema snapshots to tell their version (rebuild it"
                        + " with the current schema Maven plugin)." + wayOut;
            }
            return "the " + found + ", and they match the snapshot of none of its versions (compared V"
                    + comparedVersions.get(0) + (comparedVersions.size() > 1 ? " to V" + comparedVersions.get(comparedVersions.size() - 1) : "")
                    + "). Nearest is V" + nearestVersion + ", with " + differences.size()
                    + (differences.size() == 1 ? " difference" : " differences") + ": "
                    + differences.stream().limit(LISTED).map(Drift::describe).collect(Collectors.joining("; "))
                    + (differences.size() > LISTED ? "; and " + (differences.size() - LISTED) + " more" : "")
                    + ". Make the schema match a version, or declare it." + wayOut;
        }
    }

    /**
     * Another tool's history (goose, Flyway) cannot be imported for the family: it names versions the
     * artifact lacks, has gaps, or the live schema differs from the snapshot of the version it names.
     *
     * @param family      the family
     * @param schema      the target schema
     * @param source      the other tool's history table
     * @param version     the version the other tool's history puts the database at, 0 when none
     * @param reason      what is wrong
     * @param differences the live schema against {@code version}'s snapshot, when that is the reason
     */
    record ImportRefused(String family, String schema, String source, int version, String reason,
            List<Drift> differences) implements Conflict {

        public ImportRefused {
            differences = List.copyOf(differences);
        }

        @Override
        public String describe() {
            return "cannot import " + source + " of schema '" + schema + "' as the history of family '" + family + "': "
                    + reason + (differences.isEmpty() ? "" : ": " + differences.stream()
                            .limit(UnrecognizedSchema.LISTED).map(Drift::describe).collect(Collectors.joining("; "))
                            + (differences.size() > UnrecognizedSchema.LISTED ? "; and "
                                    + (differences.size() - UnrecognizedSchema.LISTED) + " more" : ""))
                    + ". Nothing was recorded; " + source + " was not changed.";
        }
    }
}
