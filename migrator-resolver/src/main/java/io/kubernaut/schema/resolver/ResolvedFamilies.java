package io.kubernaut.schema.resolver;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.resolver.internal.FamilyJars;
import io.kubernaut.schema.resolver.internal.SharedApiClassLoader;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Resolved family artifacts: the jars (families and their runtime dependencies, in resolution order),
 * a class loader over them, and the families discovered through it.
 *
 * <p>The class loader shares only migrator-core (the API and SPI families implement) and SLF4J with
 * its parent; everything else of the parent, including any families on its class path, stays
 * invisible. So {@link #catalog()} holds exactly the resolved families, even in a process that has
 * other versions of them on its own class path, and a family's classes see the same
 * {@code SchemaModule} as the migrator that runs them.
 *
 * <p>The list of artifacts is immutable. {@link #catalog()} opens a class loader, which
 * {@link #close()} closes; loaders from {@link #loader(ClassLoader)} belong to the caller.
 *
 * @since 0.1.0
 */
public final class ResolvedFamilies implements AutoCloseable {

    private final List<ResolvedArtifact> artifacts;
    private URLClassLoader catalogLoader;
    private SchemaCatalog catalog;

    /** The artifacts as resolved; {@link FamilyResolver} makes them. */
    ResolvedFamilies(List<ResolvedArtifact> artifacts) {
        this.artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    }

    /**
     * Families from jars that were resolved elsewhere, for instance by Maven's own resolver inside a
     * Maven plugin (which cannot run Resolver 2 next to Maven 3's). Each jar is checked for a family;
     * its coordinates are its file name.
     *
     * @param jars the jars, in class path order
     */
    public static ResolvedFamilies of(List<Path> jars) {
        return new ResolvedFamilies(jars.stream()
                .map(jar -> new ResolvedArtifact(jar.getFileName().toString(), jar, FamilyJars.containsFamily(jar)))
                .toList());
    }

    /** Every resolved jar: the requested families, then their dependencies, in resolution order. */
    public List<ResolvedArtifact> artifacts() {
        return artifacts;
    }

    /** The artifacts that provide a table family (those asked for, and families they depend on). */
    public List<ResolvedArtifact> families() {
        return artifacts.stream().filter(ResolvedArtifact::family).toList();
    }

    /** The jar files, in resolution order. */
    public List<Path> jars() {
        return artifacts.stream().map(ResolvedArtifact::file).toList();
    }

    /**
     * A new class loader over the jars that delegates to {@code parent} only for migrator-core and
     * SLF4J, so family classes implement {@code parent}'s SPI while nothing else of {@code parent}
     * (its families, its versions of libraries) shows through. Its resources are only the jars', so
     * {@code ServiceLoader} finds only the resolved families. The caller closes it.
     *
     * @param parent a loader that has migrator-core (the one that will run the families)
     */
    public URLClassLoader loader(ClassLoader parent) {
        Objects.requireNonNull(parent, "parent");
        URL[] urls = jars().stream().map(ResolvedFamilies::url).toArray(URL[]::new);
        return new URLClassLoader("schema-families", urls, new SharedApiClassLoader(parent));
    }

    /**
     * The resolved families, discovered with {@code ServiceLoader} through a {@link #loader(ClassLoader)}
     * whose parent is migrator-core's own loader. Created on first call; {@link #close()} closes its loader.
     *
     * @throws io.kubernaut.schema.migrator.ConflictException      when two jars provide one family
     * @throws io.kubernaut.schema.migrator.ConfigurationException when a family cannot be loaded
     */
    public synchronized SchemaCatalog catalog() {
        if (catalog == null) {
            URLClassLoader loader = loader(SchemaCatalog.class.getClassLoader());
            try {
                catalog = SchemaCatalog.discover(loader);
            } catch (RuntimeException e) {
                closeQuietly(loader);
                throw e;
            }
            catalogLoader = loader;
        }
        return catalog;
    }

    /** Closes the loader behind {@link #catalog()}, if one was made; the families' scripts are unreadable after. */
    @Override
    public synchronized void close() {
        if (catalogLoader != null) {
            closeQuietly(catalogLoader);
            catalogLoader = null;
            catalog = null;
        }
    }

    @Override
    public String toString() {
        return "ResolvedFamilies" + families().stream().map(ResolvedArtifact::coordinates).toList()
                + " (" + artifacts.size() + " jars)";
    }

    private static URL url(Path jar) {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Only jars were read through it; nothing written can be lost.
        }
    }
}
