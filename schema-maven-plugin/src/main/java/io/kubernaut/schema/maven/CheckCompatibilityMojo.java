package io.kubernaut.schema.maven;

import io.kubernaut.schema.maven.internal.PreviousRelease;
import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.compat.CompatibilityCheck;
import io.kubernaut.schema.migrator.compat.CompatibilityMode;
import io.kubernaut.schema.migrator.compat.CompatibilityReport;
import io.kubernaut.schema.postgres.ServerScratchDatabases;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * Checks the family this project builds against its previous release: the compatibility rules of
 * {@link #compatibility} on the two versions' schema snapshots, and that upgrading a database from the
 * previous release gives exactly the schema of a fresh install. Any violation fails the build with
 * the list.
 *
 * <p>The previous release is {@link #previousVersion}, or else the highest version of this project's
 * artifact below the project's version that is not a snapshot, found through Maven's own repository
 * system (local repository, the project's remote repositories, settings' mirrors and credentials,
 * offline mode). Without one (a first release) the goal logs why and does nothing.
 *
 * <p>Bound to {@code verify}: after {@code package} built the family, before {@code install} and
 * {@code deploy} publish it, so a breaking version is never published.
 *
 * @since 0.1.0
 */
@Mojo(name = "check-compatibility", defaultPhase = LifecyclePhase.VERIFY,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class CheckCompatibilityMojo extends FamilyMojo {

    /**
     * What the new version promises about the previous one: {@code BACKWARD} (code built against the
     * previous version works on the new schema), {@code FORWARD} (code built against the new version
     * works on the previous schema), {@code FULL} (both) or {@code NONE} (no rule; the upgrade path is
     * still checked).
     */
    @Parameter(property = "schema.compatibility", defaultValue = "BACKWARD")
    private String compatibility;

    /** The version to check against instead of the highest release below the project's version. */
    @Parameter(property = "schema.previousVersion")
    private String previousVersion;

    /** Whether to check that upgrading from the previous release gives the schema of a fresh install. */
    @Parameter(property = "schema.checkUpgradePath", defaultValue = "true")
    private boolean checkUpgradePath;

    /** Skips the goal. */
    @Parameter(property = "schema.compatibility.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true, required = true)
    private List<RemoteRepository> remoteRepositories;

    @Component
    private RepositorySystem repositorySystem;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        String compatibility = commandLine("schema.compatibility", this.compatibility);
        String previousVersion = commandLine("schema.previousVersion", this.previousVersion);
        boolean checkUpgradePath = Boolean.parseBoolean(commandLine("schema.checkUpgradePath", String.valueOf(this.checkUpgradePath)));
        boolean skip = commandLineFlag("schema.compatibility.skip", this.skip);
        if (skip) {
            getLog().info("Compatibility check of family '" + family + "' skipped (schema.compatibility.skip)");
            return;
        }
        CompatibilityMode mode;
        try {
            mode = CompatibilityMode.parse(compatibility);
        } catch (ConfigurationException e) {
            throw new MojoExecutionException("<compatibility>: " + e.getMessage(), e);
        }
        String coordinates = project.getGroupId() + ":" + project.getArtifactId();
        try {
            PreviousRelease releases = new PreviousRelease(repositorySystem, repositorySession, remoteRepositories);
            Optional<String> previous = previousVersion != null && !previousVersion.isBlank()
                    ? Optional.of(previousVersion.strip())
                    : releases.highestBefore(project.getGroupId(), project.getArtifactId(), project.getVersion());
            if (previous.isEmpty()) {
                getLog().info("Compatibility of family '" + family + "' not checked: no release of " + coordinates
                        + " before " + project.getVersion() + " in the local repository or " + releases.describeRepositories()
                        + " (a first release). Set <previousVersion> to check against a given version.");
                return;
            }
            Path previousJar = releases.jar(project.getGroupId(), project.getArtifactId(), previous.get());
            FamilyArchive before = FamilyArchive.read(previousJar, family);
            FamilyArchive after = current();
            getLog().info("Checking family '" + family + "' " + project.getVersion() + " against " + coordinates + ":"
                    + previous.get() + " (" + mode + (checkUpgradePath ? ", upgrade path" : "") + ")");
            CompatibilityReport report;
            try (URLClassLoader dependencies = dependencyLoader()) {
                List<io.kubernaut.schema.migrator.spi.SchemaModule> others = checkUpgradePath
                        ? SchemaCatalog.discover(dependencies).families() : List.of();
                report = CompatibilityCheck.run(before, after, others, mode,
                        checkUpgradePath ? new ServerScratchDatabases(server()) : null);
            }
            if (!report.passed()) {
                throw new MojoFailureException(report.describe().stripTrailing());
            }
            getLog().info(report.describe().stripTrailing());
        } catch (SchemaRegistryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException | SQLException e) {
            throw new MojoExecutionException("Compatibility check of family '" + family + "': " + e.getMessage(), e);
        }
    }

    /** The new version, as the generate goal wrote it into the build's output. */
    private FamilyArchive current() throws IOException, MojoExecutionException {
        Path output = Path.of(project.getBuild().getOutputDirectory());
        try {
            return FamilyArchive.read(output, family);
        } catch (IOException | FamilyFormatException e) {
            throw new MojoExecutionException("Family '" + family + "' is not in " + output + " (" + e.getMessage()
                    + "): the check-compatibility goal runs after the generate goal and process-resources", e);
        }
    }
}
