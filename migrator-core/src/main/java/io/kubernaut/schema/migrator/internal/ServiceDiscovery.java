package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds families with {@link ServiceLoader}, and finds what ServiceLoader hides: when two jars list
 * the same provider class, it silently loads the first. Reading every services file once tells
 * which jars list which provider, in one pass over the class path.
 */
public final class ServiceDiscovery {

    private ServiceDiscovery() {
    }

    public static List<SchemaModule> discover(ClassLoader loader) {
        Map<String, List<String>> jarsByProvider = jarsByProvider(loader);
        List<SchemaModule> modules = new ArrayList<>();
        Iterator<SchemaModule> providers = ServiceLoader.load(SchemaModule.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                modules.add(providers.next());
            } catch (ServiceConfigurationError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ConfigurationException("Cannot load a table family: " + e.getMessage()
                        + (cause != e ? " (" + cause.getMessage() + ")" : ""), e);
            }
        }
        List<Conflict> duplicates = new ArrayList<>();
        for (SchemaModule module : modules) {
            List<String> jars = jarsByProvider.getOrDefault(module.getClass().getName(), List.of());
            if (jars.size() > 1) {
                duplicates.add(new Conflict.DuplicateFamily(module.name(), jars.stream()
                        .map(jar -> new Conflict.DuplicateFamily.Source(location(jar), versionIn(jar, module.name())))
                        .toList()));
            }
        }
        if (!duplicates.isEmpty()) {
            throw new ConflictException(duplicates);
        }
        return modules;
    }

    /** Provider class name to the base URLs (jar root or directory) of the services files listing it. */
    private static Map<String, List<String>> jarsByProvider(ClassLoader loader) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        try {
            Enumeration<URL> files = loader.getResources(FamilyLayout.SERVICES);
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                String external = file.toExternalForm();
                String base = external.substring(0, external.length() - FamilyLayout.SERVICES.length());
                for (String provider : providerNames(file)) {
                    List<String> bases = result.computeIfAbsent(provider, p -> new ArrayList<>());
                    if (!bases.contains(base)) {
                        bases.add(base);
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + FamilyLayout.SERVICES + " from the class path: " + e.getMessage(), e);
        }
        return result;
    }

    private static List<String> providerNames(URL file) throws IOException {
        List<String> names = new ArrayList<>();
        // The bytes at once rather than a BufferedReader: its 16 KB of buffers per file were a good part
        // of the garbage of discovering 1,000 families (issue 6).
        String text;
        try (InputStream in = file.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : text.split("\\R")) {
            int comment = line.indexOf('#');
            String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String versionIn(String base, String family) {
        try (InputStream in = new URL(base + FamilyLayout.indexPath(family)).openStream()) {
            return FamilyIndex.read(in, base).artifactVersion();
        } catch (IOException | FamilyFormatException e) {
            return "unknown";
        }
    }

    /**
     * "jar:file:/x/y.jar!/" becomes "/x/y.jar"; "file:/my%20dir/" becomes "/my dir/" (the path as on
     * disk, percent-escapes decoded); other URLs (nested jars) stay as they are.
     */
    private static String location(String base) {
        String location = base;
        if (location.startsWith("jar:")) {
            location = location.substring(4);
            int bang = location.lastIndexOf("!/");
            if (bang >= 0) {
                location = location.substring(0, bang);
            }
        }
        if (location.startsWith("file:")) {
            try {
                return Path.of(new URI(location)).toString() + (location.endsWith("/") ? "/" : "");
            } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
                return location.substring(5);
            }
        }
        return location;
    }
}
