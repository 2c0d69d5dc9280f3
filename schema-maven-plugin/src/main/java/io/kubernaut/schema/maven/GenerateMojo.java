package io.kubernaut.schema.maven;

import io.kubernaut.schema.maven.internal.BuildFailure;
import io.kubernaut.schema.maven.internal.FamilyBuild;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.postgres.PostgresServerException;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

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
public final class GenerateMojo extends FamilyMojo {

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

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/schema-registry", readonly = true)
    private File sourceDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-sources/jooq", readonly = true)
    private File jooqDirectory;

    @Parameter(defaultValue = "${project.build.directory}/generated-resources/schema-registry", readonly = true)
    private File resourceDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        try (URLClassLoader dependencies = dependencyLoader()) {
            FamilyBuild.Request request = new FamilyBuild.Request(family,
                    project.getGroupId() + ":" + project.getArtifactId(), project.getVersion(),
                    new LinkedHashSet<>(tables), new LinkedHashSet<>(requires), packageName, sqlDirectory.toPath(),
                    resourceDirectory.toPath(), sourceDirectory.toPath(), generateJooq ? jooqDirectory.toPath() : null,
                    SchemaCatalog.discover(dependencies));
            FamilyBuild.Result result = new FamilyBuild(request, server()).run();
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
}
