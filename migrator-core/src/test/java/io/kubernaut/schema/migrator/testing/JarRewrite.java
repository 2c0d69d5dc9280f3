package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Copies a jar {@link FamilyJar} wrote, changed in ways {@link FamilyJar} refuses to build: an index
 * edited by hand (a hostile table name, which {@link FamilyIndex} rejects when it is built), a file
 * the index does not list.
 */
public final class JarRewrite {

    private final Path source;
    private UnaryOperator<String> indexEdit = UnaryOperator.identity();
    private String family;
    private final Map<String, String> added = new LinkedHashMap<>();

    private JarRewrite(Path source) {
        this.source = source;
    }

    /** A rewrite of {@code jar}. */
    public static JarRewrite of(Path jar) {
        return new JarRewrite(jar);
    }

    /** Replaces the text of {@code family}'s index with what {@code edit} makes of it. */
    public JarRewrite editIndex(String family, UnaryOperator<String> edit) {
        this.family = family;
        this.indexEdit = edit;
        return this;
    }

    /** Adds an entry {@code path} with {@code text}. */
    public JarRewrite add(String path, String text) {
        added.put(path, text);
        return this;
    }

    /** Writes the changed copy to {@code target} and returns it. */
    public Path writeTo(Path target) {
        try {
            Files.createDirectories(target.getParent());
            try (JarFile in = new JarFile(source.toFile());
                    JarOutputStream out = new JarOutputStream(Files.newOutputStream(target))) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    byte[] bytes;
                    try (InputStream data = in.getInputStream(entry)) {
                        bytes = data.readAllBytes();
                    }
                    if (family != null && entry.getName().equals(FamilyLayout.indexPath(family))) {
                        bytes = indexEdit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
                for (Map.Entry<String, String> entry : added.entrySet()) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
