package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.resolver.ResolvedFamilies;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where families come from: the CLI's own class path (or, with {@code --artifact}/{@code --bom}, the
 * resolved artifacts instead) plus {@code --classpath} entries. The jars named by
 * {@value #PROJECT_FAMILIES} (the {@code ./migrator} script names this project's own families there)
 * are added only when no family set is given: no {@code --classpath}, {@code --artifact} or {@code --bom}.
 */
final class ClasspathOptions {

    /** The environment variable with the default family jars, separated like a class path. */
    static final String PROJECT_FAMILIES = "MIGRATOR_PROJECT_FAMILIES";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--classpath", paramLabel = "PATH[:PATH...]",
            description = "More family jars or directories, separated by '${sys:path.separator}' (or repeat the option);"
                    + " 'dir/*' means every jar in dir.")
    List<String> entries = new ArrayList<>();

    /**
     * The families of the CLI's class path and the {@code --classpath} entries, found with
     * ServiceLoader through a loader whose parent is the CLI's own (so family classes see the
     * migrator-core the CLI runs).
     *
     * @throws ParameterException when an entry does not exist
     */
    Families load(Map<String, String> environment) {
        return load(null, environment);
    }

    /**
     * As {@link #load()}, but with {@code resolved} (families by Maven coordinates) the families of those
     * artifacts replace the CLI's own: the {@code --classpath} entries are loaded on top of the resolved
     * families' loader, which shows nothing of the CLI's class path but migrator-core.
     *
     * @param resolved    the resolved families, or null for the CLI's class path
     * @param environment where {@value #PROJECT_FAMILIES} is read
     * @throws ParameterException when an entry does not exist
     */
    Families load(ResolvedFamilies resolved, Map<String, String> environment) {
        List<String> given = entries;
        String projectFamilies = environment.get(PROJECT_FAMILIES);
        if (resolved == null && entries.isEmpty() && projectFamilies != null && !projectFamilies.isBlank()) {
            given = List.of(projectFamilies);
        }
        URL[] urls = urls(given);
        ClassLoader cli = ClasspathOptions.class.getClassLoader();
        URLClassLoader base = resolved != null ? resolved.loader(cli) : null;
        URLClassLoader loader = new URLClassLoader("migrator-families", urls, base != null ? base : cli);
        try {
            return new Families(loader, base, SchemaCatalog.discover(loader));
        } catch (RuntimeException e) {
            close(loader);
            if (base != null) {
                close(base);
            }
            throw e;
        }
    }

    private URL[] urls(List<String> given) {
        List<URL> urls = new ArrayList<>();
        for (String option : given) {
            for (String entry : option.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
                    String directory = entry.substring(0, entry.length() - 1);
                    jarsIn(Path.of(directory.isEmpty() ? "." : directory)).forEach(jar -> urls.add(url(jar)));
                } else {
                    Path path = Path.of(entry);
                    if (!Files.exists(path)) {
                        throw new ParameterException(mixee.commandLine(), "--classpath entry '" + entry
                                + "' does not exist");
                    }
                    urls.add(url(path));
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    private List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(mixee.commandLine(), "--classpath directory '" + directory + "' does not exist");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL url(Path path) {
        try {
            // toUri() ends a directory with '/', which URLClassLoader needs to treat it as one.
            return path.toAbsolutePath().normalize().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Nothing was read through it that could be lost.
        }
    }

    /**
     * The families found, and the loader their scripts are read through (closed after the command).
     *
     * @param loader   the loader over the --classpath entries
     * @param resolved the loader over families resolved by Maven coordinates (the parent of {@code loader}), or null
     * @param catalog  the families
     */
    record Families(URLClassLoader loader, URLClassLoader resolved, SchemaCatalog catalog) implements AutoCloseable {

        @Override
        public void close() {
            ClasspathOptions.close(loader);
            if (resolved != null) {
                ClasspathOptions.close(resolved);
            }
        }
    }
}
