package io.kubernaut.schema.resolver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Where this build's own artifacts are, for tests that deploy them into a repository: the family jars
 * (from {@code -Dschema.test.jar.<artifactId>=<path>}, else through their provider class's code
 * source when the family is on the test class path), the parent pom, the project version, and the
 * build's local repository (third-party artifacts are copied from it, never downloaded).
 */
public final class ProjectArtifacts {

    /** The project's group id. */
    public static final String GROUP_ID = "io.kubernaut.schema";
    /** artifactId to the provider class of the families this project builds. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "schema-audit-events", "io.kubernaut.schema.audit.AuditEventsSchemaModule",
            "schema-workflows", "io.kubernaut.schema.workflows.WorkflowsSchemaModule");

    /** Jars made of compiled-only families, by artifactId. */
    private static final Map<String, Path> JARRED = new HashMap<>();

    private ProjectArtifacts() {
    }

    /** The project version ({@code -Dschema.test.project-version}, set by the build). */
    public static String version() {
        return required("schema.test.project-version");
    }

    /** {@code io.kubernaut.schema:<artifactId>:<project version>}. */
    public static String coordinates(String artifactId) {
        return GROUP_ID + ":" + artifactId + ":" + version();
    }

    /**
     * The jar of one of this project's families, {@code schema-audit-events} or {@code schema-workflows},
     * with the pom Maven packs into it. When the build has only compiled the family (a reactor
     * {@code ./mvnw test} resolves it to {@code target/classes}), a jar is made of that directory and
     * the module's pom.
     */
    public static synchronized Path familyJar(String artifactId) {
        Path location = familyLocation(artifactId);
        return Files.isDirectory(location) ? JARRED.computeIfAbsent(artifactId, a -> jar(a, location)) : location;
    }

    private static Path familyLocation(String artifactId) {
        String property = System.getProperty("schema.test.jar." + artifactId);
        if (property != null && !property.isBlank()) {
            return existing(Path.of(property), "schema.test.jar." + artifactId);
        }
        String provider = PROVIDERS.get(artifactId);
        if (provider == null) {
            throw new IllegalArgumentException("Not a family of this project: " + artifactId);
        }
        try {
            Class<?> type = Class.forName(provider, false, ProjectArtifacts.class.getClassLoader());
            return existing(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()), provider);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(artifactId + " is neither given by -Dschema.test.jar." + artifactId
                    + " nor on the test class path", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code classes} (a module's target/classes) as a jar, with the module's pom where Maven puts it. */
    private static Path jar(String artifactId, Path classes) {
        try {
            Path jar = Files.createTempDirectory("project-family").resolve(artifactId + "-" + version() + ".jar");
            Path pom = classes.resolve("../../pom.xml").normalize();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                }
                out.putNextEntry(new JarEntry("META-INF/maven/" + GROUP_ID + "/" + artifactId + "/pom.xml"));
                Files.copy(existing(pom, "the pom of " + artifactId), out);
                out.closeEntry();
            }
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root pom ({@code schema-parent}), the families' parent. */
    public static Path parentPom() {
        return existing(Path.of(System.getProperty("schema.test.parent-pom", "../pom.xml")), "schema.test.parent-pom");
    }

    /** The local repository this build resolved its dependencies into ({@code -Dschema.test.local-repository}). */
    public static Path buildLocalRepository() {
        String property = System.getProperty("schema.test.local-repository");
        Path path = property != null ? Path.of(property)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return existing(path, "schema.test.local-repository");
    }

    private static Path existing(Path path, String what) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " (" + what + ") does not exist");
        }
        return path.toAbsolutePath().normalize();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + property + " is not set (the module's surefire configuration sets it)");
        }
        return value;
    }
}
