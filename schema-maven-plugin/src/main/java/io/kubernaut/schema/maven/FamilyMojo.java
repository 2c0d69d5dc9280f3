package io.kubernaut.schema.maven;

import io.kubernaut.schema.maven.internal.BuildServer;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.ServerChoice;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What the goals of a family module share: the family's name, the project, the PostgreSQL they work
 * on (the build's embedded one, or an existing server) and the families on the project's classpath.
 */
abstract class FamilyMojo extends AbstractMojo {

    /** The family's name, e.g. {@code audit_events}. */
    @Parameter(required = true)
    protected String family;

    /** An existing PostgreSQL to work on instead of the build's embedded one (the user needs CREATEDB). */
    @Parameter(property = "schema.jdbcUrl")
    private String jdbcUrl;

    /** The user for {@link #jdbcUrl}. */
    @Parameter(property = "schema.user")
    private String user;

    /** The password for {@link #jdbcUrl}; never logged. */
    @Parameter(property = "schema.password")
    private String password;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /**
     * The value of a parameter, with {@code -Dproperty=...} from the command line winning over the pom.
     * Maven itself gives a parameter set in the plugin's {@code <configuration>} precedence over the
     * command line, so {@code <compatibility>BACKWARD</compatibility>} would silently ignore
     * {@code -Dschema.compatibility=FORWARD}; a one-off override is what the command line is for.
     */
    protected String commandLine(String property, String configured) {
        String given = session == null ? null : session.getUserProperties().getProperty(property);
        if (given == null || given.equals(configured)) {
            return configured;
        }
        getLog().info("-D" + property + "=" + given + " from the command line overrides the pom's "
                + (configured == null ? "default" : "'" + configured + "'"));
        return given;
    }

    /** {@link #commandLine} for a flag: {@code -Dproperty} alone means true, as Maven reads it. */
    protected boolean commandLineFlag(String property, boolean configured) {
        String value = commandLine(property, String.valueOf(configured));
        return value.isEmpty() || Boolean.parseBoolean(value);
    }

    /** The server: {@link #jdbcUrl}'s, else the embedded one shared by the build (started on first use). */
    protected PostgresServer server() {
        // The plugin has no setting for the kind, and never asks Docker: a URL, else the embedded server.
        ServerChoice choice = ServerChoice.choose(new ServerChoice.Settings(null, jdbcUrl, user, password, null),
                () -> false, new ServerChoice.SettingNames(null, "schema.jdbcUrl", null));
        if (choice.kind() == ServerChoice.Kind.EXTERNAL) {
            return choice.start();
        }
        boolean[] started = {false};
        long start = System.nanoTime();
        PostgresServer server = BuildServer.get(started);
        if (started[0]) {
            getLog().info("Started the embedded PostgreSQL for this build in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        return server;
    }

    /**
     * The project's compile classpath without its own output (which may hold this family from an
     * earlier build), so the families it requires are found as a service would find them.
     */
    protected URLClassLoader dependencyLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            String output = new File(project.getBuild().getOutputDirectory()).getAbsolutePath();
            for (String element : project.getCompileClasspathElements()) {
                if (!new File(element).getAbsolutePath().equals(output)) {
                    urls.add(new File(element).toURI().toURL());
                }
            }
        } catch (MalformedURLException | DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("Cannot read the project's classpath: " + e.getMessage(), e);
        }
        return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }
}
