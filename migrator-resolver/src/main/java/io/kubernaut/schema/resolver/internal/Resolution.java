package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.resolver.FamilyResolutionException;
import io.kubernaut.schema.resolver.NoFamilyException;
import io.kubernaut.schema.resolver.ResolvedArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.resolution.ArtifactDescriptorRequest;
import org.eclipse.aether.resolution.ArtifactDescriptorResult;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * The work behind {@link io.kubernaut.schema.resolver.FamilyResolver}: BOMs read, requested jars
 * checked for a family before anything else is fetched, then the families' runtime dependencies.
 */
public final class Resolution {

    /**
     * migrator-core is the SPI the families implement; the code that runs them already has it, and a
     * second copy in the families' loader would be a different {@code SchemaModule}. Excluding it drops
     * its own dependencies too (the JDBC driver, SLF4J), which the runner has as well.
     */
    static final Exclusion MIGRATOR_CORE = new Exclusion("io.kubernaut.schema", "migrator-core", "*", "*");

    private Resolution() {
    }

    /** The families at {@code artifacts} and those a BOM of {@code boms} lists, with their runtime dependencies. */
    public static List<ResolvedArtifact> resolve(ResolverConfig config, List<String> artifacts, List<String> boms) {
        List<Artifact> requested = artifacts.stream().map(c -> Coordinates.parse(c, "jar", "artifact")).toList();
        List<Artifact> bomPoms = boms.stream().map(c -> Coordinates.parse(c, "pom", "BOM")).toList();
        if (requested.isEmpty() && bomPoms.isEmpty()) {
            throw new FamilyResolutionException(null, "Nothing to resolve: give the coordinates of a family artifact or of a BOM");
        }
        refuseTwoVersions(requested);
        List<Artifact> all = new ArrayList<>(requested);
        all.addAll(bomPoms);
        try (Session session = Session.open(config)) {
            try {
                return resolve(session, requested, bomPoms);
            } catch (RepositoryException e) {
                throw Failures.translate(e, session, all);
            }
        }
    }

    private static List<ResolvedArtifact> resolve(Session session, List<Artifact> requested, List<Artifact> bomPoms)
            throws RepositoryException {
        // 1. The BOMs: their managed dependencies, which also align the versions of everything below.
        List<Dependency> managed = new ArrayList<>();
        List<Artifact> candidates = new ArrayList<>();
        for (Artifact bom : bomPoms) {
            ArtifactDescriptorResult descriptor = session.system.readArtifactDescriptor(session.session,
                    new ArtifactDescriptorRequest(bom, session.repositories, "bom"));
            for (Dependency dependency : descriptor.getManagedDependencies()) {
                managed.add(dependency);
                Artifact artifact = dependency.getArtifact();
                if ("jar".equals(artifact.getExtension()) && !isMigratorCore(artifact)
                        && Stream.concat(requested.stream(), candidates.stream()).noneMatch(a -> Coordinates.sameModule(a, artifact))) {
                    candidates.add(artifact);
                }
            }
        }

        // 2. The jars of what was asked for and what the BOMs list, alone: a jar without a family fails (or, from a
        //    BOM, is skipped) before its dependencies are fetched.
        List<ArtifactRequest> requests = Stream.concat(requested.stream(), candidates.stream())
                .map(a -> new ArtifactRequest(a, session.repositories, "families")).toList();
        List<ArtifactResult> jars = session.system.resolveArtifacts(session.session, requests);
        List<Artifact> roots = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            Artifact artifact = jars.get(i).getArtifact();
            if (!FamilyJars.containsFamily(artifact.getPath())) {
                String coordinates = Coordinates.of(artifact);
                throw new NoFamilyException(coordinates, artifact.getPath(), coordinates + " contains no table family (no "
                        + FamilyJars.SERVICES_FILE + " in " + artifact.getPath() + ")");
            }
            roots.add(requested.get(i));
        }
        List<String> skipped = new ArrayList<>();
        for (int i = requested.size(); i < jars.size(); i++) {
            Artifact artifact = jars.get(i).getArtifact();
            if (FamilyJars.containsFamily(artifact.getPath())) {
                roots.add(candidates.get(i - requested.size()));
            } else {
                skipped.add(Coordinates.of(artifact));
            }
        }
        if (roots.isEmpty()) {
            String bomList = bomPoms.stream().map(Coordinates::gav).collect(Collectors.joining(", "));
            throw new NoFamilyException(bomList, null, "The BOM " + bomList + " lists no table family: none of "
                    + (skipped.isEmpty() ? "its managed dependencies (there are no jars among them)"
                            : String.join(", ", skipped)) + " has " + FamilyJars.SERVICES_FILE);
        }

        // 3. The families with their runtime dependencies, minus migrator-core.
        CollectRequest collect = new CollectRequest();
        for (Artifact root : roots) {
            collect.addDependency(new Dependency(root, JavaScopes.COMPILE, false, List.of(MIGRATOR_CORE)));
        }
        collect.setManagedDependencies(managed);
        collect.setRepositories(session.repositories);
        collect.setRequestContext("families");
        DependencyResult result = session.system.resolveDependencies(session.session,
                new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)));
        List<ResolvedArtifact> resolved = new ArrayList<>();
        for (ArtifactResult artifactResult : result.getArtifactResults()) {
            Artifact artifact = artifactResult.getArtifact();
            Path file = artifact.getPath();
            resolved.add(new ResolvedArtifact(Coordinates.of(artifact), file, FamilyJars.containsFamily(file)));
        }
        return resolved;
    }

    /** The versions of {@code groupId:artifactId} the repositories have, oldest first. */
    public static List<String> versions(ResolverConfig config, String module) {
        String[] parts = module.trim().split(":", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new FamilyResolutionException(module, "'" + module + "' is not groupId:artifactId, e.g."
                    + " io.kubernaut.schema:schema-audit-events");
        }
        Artifact range = new DefaultArtifact(parts[0], parts[1], "jar", "[0,)");
        try (Session session = Session.open(config)) {
            try {
                return session.system.resolveVersionRange(session.session,
                        new VersionRangeRequest(range, session.repositories, "versions"))
                        .getVersions().stream().map(Object::toString).toList();
            } catch (RepositoryException e) {
                throw Failures.translate(e, session, List.of(range));
            }
        }
    }

    private static boolean isMigratorCore(Artifact artifact) {
        return MIGRATOR_CORE.getGroupId().equals(artifact.getGroupId())
                && MIGRATOR_CORE.getArtifactId().equals(artifact.getArtifactId());
    }

    private static void refuseTwoVersions(List<Artifact> requested) {
        for (int i = 0; i < requested.size(); i++) {
            for (int j = i + 1; j < requested.size(); j++) {
                Artifact a = requested.get(i);
                Artifact b = requested.get(j);
                if (Coordinates.sameModule(a, b) && !a.getVersion().equals(b.getVersion())) {
                    throw new FamilyResolutionException(Coordinates.of(b), a.getGroupId() + ":" + a.getArtifactId()
                            + " is asked for twice, as " + a.getVersion() + " and " + b.getVersion()
                            + "; one class loader can hold one version of a family");
                }
            }
        }
    }
}
