package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A family read from the files its provider's own jar holds (laid out as {@link FamilyLayout} says): what
 * {@link io.kubernaut.schema.migrator.spi.IndexedSchemaModule} delegates to. The index, the scripts
 * and the schema snapshot are read from the jar or class folder the provider class comes from, else
 * through the provider's class loader (never the thread's context class loader), so families loaded in
 * an isolated class loader find their own resources.
 */
public final class IndexedFamily {

    private final Class<?> provider;
    private final String family;
    /** The jar this provider class was loaded from, when that is a plain jar file; else null. */
    private final JarFile ownJar;
    /** Its URL, {@code jar:file:/x.jar!/}, the prefix of its resources' URLs; null without {@link #ownJar}. */
    private final String ownJarUrl;
    /** The class directory this provider class was loaded from; else null. */
    private final Path ownDirectory;
    private final FamilyIndex index;

    /**
     * Reads the index of {@code family} for its provider class {@code provider}.
     *
     * @throws FamilyFormatException when the index is missing or malformed, naming where it was expected
     */
    public IndexedFamily(Class<?> provider, String family) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.family = Objects.requireNonNull(family, "family");
        URL location = codeSourceLocation();
        Path origin = location != null ? pathOf(location) : null;
        JarURLConnection jar = origin != null && Files.isRegularFile(origin) ? jarConnection(location) : null;
        this.ownJar = jar != null ? jarFile(jar) : null;
        this.ownJarUrl = ownJar != null ? jar.getURL().toExternalForm() : null;
        this.ownDirectory = ownJar == null && origin != null && Files.isDirectory(origin) ? origin : null;
        String path = FamilyLayout.indexPath(family);
        Resource resource = ownResource(path, false);
        if (resource == null) {
            throw new FamilyFormatException("Family '" + family + "' (" + provider.getName() + ") has no index at "
                    + path + " in " + location());
        }
        try {
            this.index = FamilyFormat.readIndex(new String(resource.read(), StandardCharsets.UTF_8), resource.url());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the index of family '" + family + "' at " + resource.url(), e);
        }
        if (!family.equals(index.family())) {
            throw new FamilyFormatException("The index at " + resource.url() + " describes family '" + index.family()
                    + "', but " + provider.getName() + " is the provider of '" + family + "'");
        }
    }

    /** The index this family was read from. */
    public FamilyIndex index() {
        return index;
    }

    /** See {@link io.kubernaut.schema.migrator.spi.SchemaModule#readScript}. */
    public String readScript(Migration migration) {
        String path = FamilyLayout.scriptPath(family, migration.script());
        Resource resource = ownResource(path, false);
        if (resource == null) {
            throw new FamilyFormatException("Family '" + family + "' lists " + migration.script()
                    + " in its index, but " + path + " is missing from " + location());
        }
        try {
            return new String(resource.read(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from " + location(), e);
        }
    }

    /**
     * The {@code snapshot.txt} next to the index in this family's jar, read through this provider's
     * class loader like the scripts; empty when the jar has none (built before snapshots existed).
     */
    public Optional<String> snapshot() {
        return readSnapshot(FamilyLayout.snapshotPath(family));
    }

    /**
     * {@code snapshots/<version>.txt} of this family's jar, the latest version's being
     * {@link #snapshot()}; empty when the jar has none (built before per-version snapshots).
     */
    public Optional<String> snapshot(int version) {
        int latest = index.migrations().size();
        if (version < 1 || version > latest) {
            throw new IllegalArgumentException("Family '" + family + "' has migrations 1 to " + latest + ", not " + version);
        }
        return version == latest ? snapshot() : readSnapshot(FamilyLayout.snapshotPath(family, version));
    }

    private Optional<String> readSnapshot(String path) {
        Resource resource = ownResource(path, true);
        if (resource == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(resource.read(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the schema snapshot of family '" + family + "' at "
                    + resource.url() + ": " + e.getMessage(), e);
        }
    }

    /** A file found for this family: its URL (for messages) and its bytes. */
    private interface Resource {
        String url();

        byte[] read() throws IOException;
    }

    /**
     * {@code path} in the jar or directory this provider class comes from, else wherever the class
     * loader finds it first. With two artifacts claiming one family on the class path, the loader's
     * first match can be the other artifact's file, and this family would report (and run) the other
     * one's index and scripts. With {@code strict}, null instead of another jar's file when this
     * provider's own jar lacks {@code path} (a family without a snapshot must not borrow one).
     *
     * <p>A provider loaded from a plain jar file or class directory reads it directly (the jar is the
     * one the JDK keeps open for {@code jar:} URLs). Asking the class loader instead, as it must for
     * other code sources (nested jars, custom loaders), searches the whole class path for each file:
     * with many family jars each index and script cost a search of every jar, and discovery and
     * planning grew with the square of the number of families (issue 6, docs/benchmarks.md).
     */
    private Resource ownResource(String path, boolean strict) {
        if (ownJar != null) {
            JarEntry entry = ownJar.getJarEntry(path);
            if (entry != null) {
                return new Resource() {
                    @Override
                    public String url() {
                        return ownJarUrl + path;
                    }

                    @Override
                    public byte[] read() throws IOException {
                        try (InputStream in = ownJar.getInputStream(entry)) {
                            return readFully(in, entry.getSize());
                        }
                    }
                };
            }
            return strict ? null : urlResource(loader().getResource(path));
        }
        if (ownDirectory != null) {
            Path file = ownDirectory.resolve(path);
            if (Files.isRegularFile(file)) {
                return new Resource() {
                    @Override
                    public String url() {
                        return file.toUri().toString();
                    }

                    @Override
                    public byte[] read() throws IOException {
                        return Files.readAllBytes(file);
                    }
                };
            }
            // Gradle keeps classes and resources in separate directories: the loader finds them.
            return strict ? null : urlResource(loader().getResource(path));
        }
        return urlResource(loaderResource(path, strict));
    }

    /** As {@link #ownResource} for a provider whose code source is not a plain file: through the class loader. */
    private URL loaderResource(String path, boolean strict) {
        ClassLoader loader = loader();
        String classFile = provider.getName().replace('.', '/') + ".class";
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

    private static Resource urlResource(URL url) {
        if (url == null) {
            return null;
        }
        return new Resource() {
            @Override
            public String url() {
                return url.toString();
            }

            @Override
            public byte[] read() throws IOException {
                try (InputStream in = url.openStream()) {
                    return in.readAllBytes();
                }
            }
        };
    }

    /**
     * The bytes of {@code in}, whose size the jar's directory says: one array of that size, where
     * {@code readAllBytes} grows buffers (20,000 scripts of 1,000 families made it the largest source
     * of garbage when planning).
     */
    private static byte[] readFully(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        if (in.readNBytes(bytes, 0, bytes.length) != bytes.length || in.read() >= 0) {
            throw new IOException("its size differs from the " + size + " bytes the jar's directory says (a damaged jar)");
        }
        return bytes;
    }

    /** Where this provider class was loaded from, when that is a {@code file:} URL (a jar or a directory); else null. */
    private URL codeSourceLocation() {
        try {
            CodeSource source = provider.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return location != null && "file".equals(location.getProtocol()) ? location : null;
        } catch (RuntimeException e) {
            // An unusual code source: the class loader decides.
            return null;
        }
    }

    private static Path pathOf(URL location) {
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The JDK's connection to the jar at {@code location}, whose jar file it keeps open and shares
     * (the cache behind {@code jar:} URLs, which the class loader's resource URLs use as well).
     */
    private static JarURLConnection jarConnection(URL location) {
        try {
            URLConnection connection = new URL("jar:" + location.toExternalForm() + "!/").openConnection();
            return connection instanceof JarURLConnection jarConnection ? jarConnection : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JarFile jarFile(JarURLConnection connection) {
        try {
            return connection.getJarFile();
        } catch (IOException | RuntimeException e) {
            // Not readable as a jar: the class loader decides (and reports).
            return null;
        }
    }

    private ClassLoader loader() {
        ClassLoader loader = provider.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }

    /** Where the provider was loaded from (a jar or directory), for messages; never null. */
    public String location() {
        var source = provider.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? provider.getName() : source.getLocation().toString();
    }
}
