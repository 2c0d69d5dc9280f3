package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.compat.CompatibilityCheck;
import io.kubernaut.schema.migrator.compat.CompatibilityMode;
import io.kubernaut.schema.migrator.compat.CompatibilityReport;
import io.kubernaut.schema.migrator.compat.CompatibilityViolation;
import io.kubernaut.schema.migrator.compat.UpgradePathResult;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.ServerScratchDatabases;
import io.kubernaut.schema.resolver.FamilyResolver;
import io.kubernaut.schema.resolver.ResolvedArtifact;
import io.kubernaut.schema.resolver.ResolvedFamilies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.aether.util.version.GenericVersionScheme;
import org.eclipse.aether.version.InvalidVersionSpecificationException;
import org.eclipse.aether.version.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code migrator compat}: checks a family artifact's version against an earlier one, as the schema
 * Maven plugin's {@code check-compatibility} goal does: the rules of a compatibility mode on the two
 * jars' snapshots, and that upgrading from the earlier version gives the schema of a fresh install.
 * Both versions are resolved by Maven coordinates; exit code 3 when the new version fails.
 */
@Command(name = "compat", mixinStandardHelpOptions = true,
        description = "Check a family artifact (--artifact) against an earlier version (--against, or --previous for the"
                + " highest release below it): the rules of --compatibility on the two schema snapshots, and that"
                + " upgrading a database from the earlier version gives the schema of a fresh install (on --url, which"
                + " needs CREATEDB, or an embedded PostgreSQL). Exits with 3 when the new version fails. Changes no"
                + " database but the two it creates and drops.")
final class CompatCommand extends CliCommand {

    @Option(names = "--against", paramLabel = "GROUP:ARTIFACT:VERSION",
            description = "The earlier version to check against.")
    String against;

    @Option(names = "--previous",
            description = "Check against the highest version below --artifact's that is not a SNAPSHOT, as the"
                    + " repositories list them.")
    boolean previous;

    @Option(names = "--compatibility", paramLabel = "MODE", defaultValue = "BACKWARD",
            description = "BACKWARD (default: code built against the earlier version works on the new schema), FORWARD"
                    + " (code built against the new version works on the earlier schema), FULL (both) or NONE (no rule;"
                    + " the upgrade path is still checked).")
    String compatibility;

    @Option(names = "--family", paramLabel = "NAME",
            description = "The family to check, when the artifact holds more than one.")
    String family;

    @Option(names = "--no-upgrade-path", description = "Leave out the upgrade path (no database is needed).")
    boolean noUpgradePath;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected ExitCode execute(Console console) {
        CompatibilityMode mode = mode();
        String next = nextCoordinates();
        FamilyResolver resolver = repositories.resolver(console);
        String[] parts = next.split(":");
        Optional<String> earlier = against != null ? Optional.of(against.strip())
                : previousRelease(resolver, parts[0], parts[1], parts[2]);
        if (earlier.isEmpty()) {
            String message = "no release of " + parts[0] + ":" + parts[1] + " before " + parts[2]
                    + ": nothing to check against (a first release)";
            console.result(message, new SkippedView(next, null, true, message));
            return ExitCode.SUCCESS;
        }
        try (ResolvedFamilies nextFamilies = resolver.resolve(next);
                ResolvedFamilies earlierFamilies = resolver.resolve(earlier.get())) {
            ResolvedArtifact nextJar = root(nextFamilies, next);
            ResolvedArtifact earlierJar = root(earlierFamilies, earlier.get());
            String name = familyName(nextJar);
            FamilyArchive after = read(nextJar, name);
            FamilyArchive before = read(earlierJar, name);
            List<FamilyArchive> required = new ArrayList<>();
            for (ResolvedArtifact artifact : nextFamilies.families()) {
                if (!artifact.equals(nextJar)) {
                    for (String other : families(artifact.file())) {
                        required.add(read(artifact, other));
                    }
                }
            }
            CompatibilityReport report;
            if (noUpgradePath) {
                report = CompatibilityCheck.run(before, after, required, mode, null);
            } else {
                try (PostgresServer server = server(console)) {
                    report = CompatibilityCheck.run(before, after, required, mode, new ServerScratchDatabases(server));
                }
            }
            console.result(report.describe(), CompatView.of(next, earlierJar.coordinates(), report));
            return report.passed() ? ExitCode.SUCCESS : ExitCode.REFUSED;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the schema of a scratch database: " + e.getMessage(), e);
        }
    }

    /** Checks the options that need no repository, so a mistake costs no download. */
    private CompatibilityMode mode() {
        if (!artifacts.boms.isEmpty() || !classpath.entries.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "compat compares two versions of one artifact: --bom and"
                    + " --classpath do not apply");
        }
        if (against != null == previous) {
            throw new ParameterException(spec.commandLine(), "Give the earlier version with --against"
                    + " GROUP:ARTIFACT:VERSION, or --previous for the highest release below --artifact's version");
        }
        try {
            return CompatibilityMode.parse(compatibility);
        } catch (ConfigurationException e) {
            throw new ParameterException(spec.commandLine(), "--compatibility: " + e.getMessage());
        }
    }

    private String nextCoordinates() {
        if (artifacts.artifacts.size() != 1) {
            throw new ParameterException(spec.commandLine(), "Give the version to check as one --artifact"
                    + " GROUP:ARTIFACT:VERSION");
        }
        String next = artifacts.artifacts.get(0).strip();
        if (next.split(":", -1).length != 3 || next.contains("::")) {
            throw new ParameterException(spec.commandLine(), "--artifact '" + next + "' is not GROUP:ARTIFACT:VERSION");
        }
        return next;
    }

    /** The highest version of {@code groupId:artifactId} below {@code version} that is not a snapshot. */
    private static Optional<String> previousRelease(FamilyResolver resolver, String groupId, String artifactId,
            String version) {
        GenericVersionScheme scheme = new GenericVersionScheme();
        try {
            Version upper = scheme.parseVersion(version);
            Version highest = null;
            for (String candidate : resolver.versions(groupId + ":" + artifactId)) {
                Version parsed = scheme.parseVersion(candidate);
                if (!candidate.endsWith("-SNAPSHOT") && parsed.compareTo(upper) < 0
                        && (highest == null || parsed.compareTo(highest) > 0)) {
                    highest = parsed;
                }
            }
            return Optional.ofNullable(highest).map(v -> groupId + ":" + artifactId + ":" + v);
        } catch (InvalidVersionSpecificationException e) {
            throw new ConfigurationException("Cannot compare the versions of " + groupId + ":" + artifactId + ": "
                    + e.getMessage(), e);
        }
    }

    /** The jar of {@code coordinates} among what was resolved for it (the others are its dependencies). */
    private static ResolvedArtifact root(ResolvedFamilies resolved, String coordinates) {
        String[] parts = coordinates.split(":");
        return resolved.artifacts().stream()
                .filter(a -> a.coordinates().startsWith(parts[0] + ":" + parts[1] + ":"))
                .findFirst().orElse(resolved.artifacts().get(0));
    }

    private String familyName(ResolvedArtifact artifact) {
        List<String> names = families(artifact.file());
        if (family != null) {
            if (!names.contains(family)) {
                throw new ParameterException(spec.commandLine(), "--family '" + family + "': " + artifact.coordinates()
                        + " holds " + String.join(", ", names));
            }
            return family;
        }
        if (names.size() != 1) {
            throw new ParameterException(spec.commandLine(), artifact.coordinates() + " holds the families "
                    + String.join(", ", names) + ": choose one with --family");
        }
        return names.get(0);
    }

    private static List<String> families(Path jar) {
        try {
            return FamilyArchive.families(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static FamilyArchive read(ResolvedArtifact artifact, String family) {
        try {
            return FamilyArchive.read(artifact.file(), family);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + artifact.file() + ": " + e.getMessage(), e);
        } catch (FamilyFormatException e) {
            throw new ConfigurationException(artifact.coordinates() + ": " + e.getMessage(), e);
        }
    }

    /** The server the connection options name (its user needs CREATEDB), or an embedded one; the caller closes it. */
    private PostgresServer server(Console console) {
        DatabaseTarget target = connection.resolved(environment());
        if (target.embedded()) {
            PostgresServer server = target.serverChoice().start();
            console.note("trying the upgrade path on an embedded PostgreSQL (temporary): " + target.urlSource());
            return server;
        }
        console.secret(target.password());
        console.secretsIn(target.url());
        connection.awaitIfAsked(connection.external(target), console);
        return target.serverChoice().start();
    }

    /** {@code --json} when there is nothing to compare with. */
    record SkippedView(String artifact, String against, boolean compatible, String skipped) {
    }

    /** {@code --json}: the report. */
    record CompatView(String family, String artifact, String against, String version, String previousVersion,
            String mode, boolean compatible, List<ViolationView> violations, UpgradeView upgradePath) {

        static CompatView of(String artifact, String against, CompatibilityReport report) {
            UpgradePathResult upgrade = report.upgradePath();
            return new CompatView(report.family(), artifact, against, report.version(), report.previousVersion(),
                    report.mode().name(), report.passed(),
                    report.violations().stream().map(ViolationView::of).toList(),
                    upgrade == null ? null : new UpgradeView(upgrade.passed(), upgrade.problems(),
                            upgrade.differences().stream().map(DifferenceView::of).toList()));
        }
    }

    /** One violation of the mode's rules. */
    record ViolationView(String kind, String breaks, String table, String column, String previous, String next,
            String message) {

        static ViolationView of(CompatibilityViolation violation) {
            return new ViolationView(violation.kind().name(), violation.kind().mode().name(), violation.table(),
                    violation.column(), violation.previous(), violation.next(), violation.describe());
        }
    }

    /** The upgrade path's outcome. */
    record UpgradeView(boolean passed, List<String> problems, List<DifferenceView> differences) {
    }

    /** How an upgraded database differs from a fresh install. */
    record DifferenceView(String kind, String name, String fresh, String upgraded, String message) {

        static DifferenceView of(Drift difference) {
            return new DifferenceView(difference.kind().name(), difference.name(), difference.expected(), difference.actual(),
                    difference.describe());
        }
    }
}
