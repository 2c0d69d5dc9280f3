package io.kubernaut.schema.maven;

import io.kubernaut.schema.maven.internal.BuildFailure;
import io.kubernaut.schema.maven.internal.BuildServer;
import io.kubernaut.schema.maven.internal.FamilyBuild;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.postgres.ExternalServer;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Builds a table family from the SQL migrations in {@code src/main/sql}: checks they are idempotent
 * (lint, then a second run on a real PostgreSQL), writes the jar's index, snapshot and ServiceLoader
 * provider, and generates the jOOQ classes of the family's tables. The PostgreSQL is an embedded one
 * shared by every family of the build, or an existing server given by {@code jdbcUrl}.
 *
 * @since 0.1.0
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {

    /** The family's name, e.g. {@code audit_events}. */
    @Parameter(required = true)
    private String family;

    /** The Java package of the generated provider and jOOQ classes. */
    @Parameter(required = true)
    private String packageName;

    /** Families whose tables this family's migrations need; they must be dependencies of the project. */
    @Parameter
    private List<String> requires = new ArrayList<>();

    /** The tables the family owns; by default, the tables its migrations create. */
    @Parameter
    private List<String> tables = new ArrayList<>();

    /** Where the migrations are. */
    @Parameter(defaultValue = "${project.basedir}/src/main/sql")
    private File sqlDirectory;

    /** Whether to generate jOOQ classes. */
    @Parameter(defaultValue = "true")
    private boolean generateJooq;

    /** An existing PostgreSQL to build on instead of the embedded one (the user needs CREATEDB). */
    @Parameter(property = "schema.jdbcUrl")
    private String jdbcUrl;

    /** The user for {@link #jdbcUrl}. */
    @Parameter(property = "schema.user")
    private String user;

    /** The password for {@link #jdbcUrl}; never logged. */
    @Parameter(property = "schema.password")
    private String password;

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/schema-registry", readonly = true)
    private File sourceDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/jooq", readonly = true)
    private File jooqDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-resources/schema-registry", readonly = true)
    private File resourceDirectory;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        try (URLClassLoader dependencies = dependencyLoader()) {
            FamilyBuild.Request request = new FamilyBuild.Request(family,
                    project.getGroupId() + ":" + project.getArtifactId(), project.getVersion(),
                    new LinkedHashSet<>(tables), new LinkedHashSet<>(requires), packageName, sqlDirectory.toPath(),
                    resourceDirectory.toPath(), sourceDirectory.toPath(), generateJooq ? jooqDirectory.toPath() : null,
                    SchemaCatalog.discover(dependencies));
            boolean[] started = {false};
            long serverStart = System.nanoTime();
            PostgresServer server = jdbcUrl == null ? BuildServer.get(started) : new ExternalServer(jdbcUrl, user, password);
            if (started[0]) {
                getLog().info("Started the embedded PostgreSQL for this build in "
                        + (System.nanoTime() - serverStart) / 1_000_000 + " ms");
            }
            FamilyBuild.Result result = new FamilyBuild(request, server).run();
            getLog().info("Family '" + family + "': " + result.index().migrations().size() + " migrations, tables "
                    + result.index().tables() + ", idempotent (linted, applied twice), "
                    + (generateJooq ? "jOOQ classes generated, " : "") + "built in " + result.millis() + " ms");
        } catch (BuildFailure | SchemaRegistryException | PostgresServerException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Family '" + family + "': " + e.getMessage(), e);
        }
        project.addCompileSourceRoot(sourceDirectory.getPath());
        if (generateJooq) {
            project.addCompileSourceRoot(jooqDirectory.getPath());
        }
        Resource resource = new Resource();
        resource.setDirectory(resourceDirectory.getPath());
        project.addResource(resource);
    }

    /**
     * The project's compile classpath without its own output (which may hold this family from an
     * earlier build), so families it requires are found as a service would find them.
     */
    private URLClassLoader dependencyLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            String output = new File(project.getBuild().getOutputDirectory()).getAbsolutePath();
            for (String element : project.getCompileClasspathElements()) {
                if (!new File(element).getAbsolutePath().equals(output)) {
                    urls.add(new File(element).toURI().toURL());
                }
            }
        } catch (MalformedURLException | org.apache.maven.artifact.DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Cannot read the project's classpath: " + e.getMessage(), e);
        }
        return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }
}
