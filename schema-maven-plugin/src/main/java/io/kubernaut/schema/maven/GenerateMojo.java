package io.kubernaut.schema.maven;

import io.kubernaut.schema.maven.internal.FamilyBuild;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.migrator.lint.ScriptFormat;
import java.io.File;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds a table family from the SQL migrations in {@code src/main/sql} ({@code V1__x.sql} scripts, or goose
 * files {@code 001_x.sql} whose Up sections run): checks they are idempotent (lint, optionally rewriting
 * the mechanical cases, then a second run on a real PostgreSQL that must change neither the schema nor
 * any table's rows or identity), writes the jar's index, snapshots (one per version) and ServiceLoader
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

    /**
     * How the migrations are written: {@code versioned} ({@code V1__create_x.sql}, the whole file runs),
     * {@code goose} (goose's {@code 001_create_x.sql}, its Up section runs), or {@code auto} (the default):
     * the file names tell, and a folder mixing both is refused.
     */
    @Parameter(property = "schema.format", defaultValue = "auto")
    private String format;

    /**
     * Rewrites the mechanical idempotency problems of the migrations in place before the build ({@code IF NOT
     * EXISTS}, {@code OR REPLACE}, {@code IF EXISTS}, DO blocks that check the catalog), logging each change;
     * what it cannot fix still fails the build, with the reason.
     */
    @Parameter(property = "schema.lint.fix", defaultValue = "false")
    private boolean lintFix;

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
        ScriptFormat scriptFormat;
        try {
            scriptFormat = ScriptFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<format>: " + e.getMessage(), e);
        }
        try (URLClassLoader dependencies = dependencyLoader()) {
            FamilyBuild.Request request = new FamilyBuild.Request(family,
                    project.getGroupId() + ":" + project.getArtifactId(), project.getVersion(),
                    new LinkedHashSet<>(tables), new LinkedHashSet<>(requires), packageName, sqlDirectory.toPath(),
                    resourceDirectory.toPath(), sourceDirectory.toPath(), generateJooq ? jooqDirectory.toPath() : null,
                    SchemaCatalog.discover(dependencies), scriptFormat, lintFix);
            FamilyBuild.Result result = new FamilyBuild(request, server(), getLog()::info).run();
            getLog().info("Family '" + family + "': " + result.index().migrations().size() + " migrations ("
                    + result.format().name().toLowerCase(Locale.ROOT) + "), tables "
                    + result.index().tables() + ", idempotent (linted, applied twice), "
                    + (generateJooq ? "jOOQ classes generated, " : "") + "built in " + result.millis() + " ms");
        } catch (SchemaRegistryException e) {
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
