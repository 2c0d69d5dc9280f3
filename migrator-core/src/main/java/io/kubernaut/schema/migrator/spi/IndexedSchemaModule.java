package io.kubernaut.schema.migrator.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A family described by the {@link FamilyIndex} in its own jar. A family's provider is a one-line
 * subclass naming the family; the schema Maven plugin generates it:
 * <pre>
 * public final class AuditEventsSchemaModule extends IndexedSchemaModule {
 *     public AuditEventsSchemaModule() { super("audit_events"); }
 * }
 * </pre>
 * The index, the scripts and the schema snapshot are read through the subclass's class loader, not
 * the thread's context class loader, so families loaded in an isolated class loader find their own
 * resources.
 *
 * @since 0.1.0
 */
public abstract class IndexedSchemaModule implements SchemaModule {

    private final String family;
    private final FamilyIndex index;

    /**
     * Reads the index of {@code family}.
     *
     * @throws IllegalStateException when the index is missing or malformed, naming where it was expected
     */
    protected IndexedSchemaModule(String family) {
        this.family = Objects.requireNonNull(family, "family");
        String path = FamilyIndex.indexPath(family);
        URL url = ownResource(path);
        if (url == null) {
            throw new IllegalStateException("Family '" + family + "' (" + getClass().getName() + ") has no index at "
                    + path + " in " + location());
        }
        try (InputStream in = url.openStream()) {
            this.index = FamilyIndex.read(in, url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the index of family '" + family + "' at " + url, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!family.equals(index.family())) {
            throw new IllegalStateException("The index at " + url + " describes family '" + index.family()
                    + "', but " + getClass().getName() + " is the provider of '" + family + "'");
        }
    }

    /** The index this family was read from. */
    public final FamilyIndex index() {
        return index;
    }

    @Override
    public final String name() {
        return family;
    }

    @Override
    public final String artifact() {
        return index.artifact();
    }

    @Override
    public final String artifactVersion() {
        return index.artifactVersion();
    }

    @Override
    public final Set<String> tables() {
        return index.tables();
    }

    @Override
    public final Set<String> requires() {
        return index.requires();
    }

    @Override
    public final List<Migration> migrations() {
        return index.migrations();
    }

    @Override
    public String readScript(Migration migration) {
        String path = FamilyIndex.scriptPath(family, migration.script());
        URL url = ownResource(path);
        if (url == null) {
            throw new IllegalStateException("Family '" + family + "' lists " + migration.script()
                    + " in its index, but " + path + " is missing from " + location());
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from " + location(), e);
        }
    }

    /**
     * The {@code snapshot.txt} next to the index in this family's jar, read through this provider's
     * class loader like the scripts; empty when the jar has none (built before snapshots existed).
     */
    @Override
    public Optional<String> snapshot() {
        String path = FamilyIndex.snapshotPath(family);
        URL url = ownResource(path, true);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the schema snapshot of family '" + family + "' at " + url
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code path} in the jar or directory this provider class comes from, else wherever the class
     * loader finds it first. With two artifacts claiming one family on the class path, the loader's
     * first match can be the other artifact's file, and this family would report (and run) the other
     * one's index and scripts.
     */
    private URL ownResource(String path) {
        return ownResource(path, false);
    }

    /**
     * As {@link #ownResource(String)}; with {@code strict}, null instead of another jar's file when
     * this provider's own jar lacks {@code path} (a family without a snapshot must not borrow one).
     */
    private URL ownResource(String path, boolean strict) {
        ClassLoader loader = loader();
        String classFile = getClass().getName().replace('.', '/') + ".class";
        URL classUrl = loader.getResource(classFile);
        if (classUrl == null) {
            // Where this class comes from is unknown: the loader's first match is all there is.
            return loader.getResource(path);
        }
        String external = classUrl.toExternalForm();
        String own = external.substring(0, external.length() - classFile.length()) + path;
        try {
            Enumeration<URL> candidates = loader.getResources(path);
            while (candidates.hasMoreElements()) {
                URL candidate = candidates.nextElement();
                if (candidate.toExternalForm().equals(own)) {
                    return candidate;
                }
            }
        } catch (IOException e) {
            // Fall back to the loader's first match below.
        }
        return strict ? null : loader.getResource(path);
    }

    private ClassLoader loader() {
        ClassLoader loader = getClass().getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    @Override
    public String toString() {
        return family + " " + index.artifactVersion();
    }
}
