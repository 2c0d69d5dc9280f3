package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The family format, read and written: the index text ({@code index.properties}), the schema snapshot
 * text, script checksums, and a family's files in a jar or folder laid out as {@link FamilyLayout}
 * says. Providers ({@link IndexedFamily}), the public archive API and, through it, the schema Maven
 * plugin all read and write families here.
 */
public final class FamilyFormat {

    /** The format version written in an index's {@code format} key. */
    public static final int INDEX_FORMAT = 1;

    /** The first line of a snapshot of format 2 and later, followed by the format number. */
    private static final String SNAPSHOT_HEADER = "# schema snapshot format ";

    private FamilyFormat() {
    }

    /**
     * A family's files read into memory.
     *
     * @param index            its index
     * @param scripts          script file name to text, for every script the index lists
     * @param snapshot         the snapshot of its latest version, or null
     * @param versionSnapshots the snapshots of earlier versions it has, by version
     */
    public record FamilyFiles(FamilyIndex index, Map<String, String> scripts, SchemaSnapshot snapshot,
            Map<Integer, SchemaSnapshot> versionSnapshots) {
    }

    // ---- index ------------------------------------------------------------------------------------

    /**
     * Reads an index.
     *
     * @param text   the index text
     * @param source where it comes from, for messages
     * @throws FamilyFormatException naming the source and the key when the index is malformed
     */
    public static FamilyIndex readIndex(String text, String source) {
        try {
            Map<String, String> properties = properties(text);
            String format = required(properties, "format");
            if (!String.valueOf(INDEX_FORMAT).equals(format)) {
                throw new FamilyFormatException("format " + format + " is not supported (this migrator reads format "
                        + INDEX_FORMAT + "); use a newer migrator-core");
            }
            String family = required(properties, "family");
            List<Migration> migrations = new ArrayList<>();
            for (String version : list(properties.getOrDefault("migrations", ""))) {
                int number;
                try {
                    number = Integer.parseInt(version);
                } catch (NumberFormatException e) {
                    throw new FamilyFormatException("'migrations' lists '" + version + "', which is not a number");
                }
                String prefix = "migration." + number + ".";
                migrations.add(new Migration(number, required(properties, prefix + "description"),
                        required(properties, prefix + "script"), required(properties, prefix + "checksum"),
                        Boolean.parseBoolean(properties.getOrDefault(prefix + "transactional", "true"))));
            }
            return new FamilyIndex(family, properties.getOrDefault("artifact", ""), required(properties, "artifactVersion"),
                    new LinkedHashSet<>(list(properties.getOrDefault("tables", ""))),
                    new LinkedHashSet<>(list(properties.getOrDefault("requires", ""))), migrations);
        } catch (FamilyFormatException | IllegalArgumentException e) {
            throw new FamilyFormatException("Invalid family index " + source + ": " + e.getMessage(), e);
        }
    }

    /** {@code index} as the text {@link #readIndex} accepts, always the same bytes for the same index. */
    public static String writeIndex(FamilyIndex index) {
        StringBuilder text = new StringBuilder();
        line(text, "format", String.valueOf(INDEX_FORMAT));
        line(text, "family", index.family());
        line(text, "artifact", index.artifact());
        line(text, "artifactVersion", index.artifactVersion());
        line(text, "tables", String.join(",", index.tables()));
        line(text, "requires", String.join(",", index.requires()));
        line(text, "migrations", index.migrations().stream().map(m -> String.valueOf(m.version()))
                .collect(Collectors.joining(",")));
        for (Migration migration : index.migrations()) {
            String prefix = "migration." + migration.version() + ".";
            line(text, prefix + "script", migration.script());
            line(text, prefix + "description", migration.description());
            line(text, prefix + "checksum", migration.checksum());
            line(text, prefix + "transactional", String.valueOf(migration.transactional()));
        }
        return text.toString();
    }

    /** See {@link FamilyIndex#checksum(String)}. */
    public static String checksum(String scriptText) {
        String text = !scriptText.isEmpty() && scriptText.charAt(0) == '\uFEFF' ? scriptText.substring(1) : scriptText;
        String normalized = text.replace("\r\n", "\n").replace('\r', '\n');
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(normalized.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void line(StringBuilder text, String key, String value) {
        String escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        if (!escaped.isEmpty() && Character.isWhitespace(escaped.charAt(0))) {
            escaped = "\\" + escaped;
        }
        text.append(key).append('=').append(escaped).append('\n');
    }

    /**
     * The keys and values of {@code text}, as {@link Properties#load(java.io.Reader)} reads them. The lines
     * {@link #writeIndex} writes ({@code key=value}, with {@code \\}, {@code \n}, {@code \r} escaped and a
     * {@code \} before leading whitespace) are read directly; a text with anything else (comments,
     * {@code :} or blanks as separators, continuation lines, other escapes) goes to Properties. Reading
     * every index through Properties was a fifth of discovering 1,000 families (issue 6).
     */
    static Map<String, String> properties(String text) {
        Map<String, String> simple = simpleProperties(text);
        if (simple != null) {
            return simple;
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            // A StringReader does not fail; Properties rejects a malformed \\u escape.
            throw new FamilyFormatException(e.getMessage(), e);
        }
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
        return result;
    }

    /** {@link #properties} for a text of lines as {@link #writeIndex} writes them; null for any other form. */
    private static Map<String, String> simpleProperties(String text) {
        Map<String, String> result = new HashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (lineEnd > start) {
                char first = text.charAt(start);
                if (first == '#' || first == '!' || isBlank(first)) {
                    return null;
                }
                int equals = -1;
                for (int i = start; i < lineEnd && equals < 0; i++) {
                    char c = text.charAt(i);
                    if (c == '=') {
                        equals = i;
                    } else if (c == ':' || c == '\\' || c == '\r' || isBlank(c)) {
                        return null;
                    }
                }
                String value = equals < 0 ? null : unescape(text, equals + 1, lineEnd);
                if (value == null) {
                    return null;
                }
                result.put(text.substring(start, equals), value);
            }
            start = end + 1;
        }
        return result;
    }

    /** The value between {@code from} and {@code to} with writeIndex's escapes undone; null for anything else. */
    private static String unescape(String text, int from, int to) {
        if (from < to && isBlank(text.charAt(from))) {
            return null;
        }
        StringBuilder value = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                return null;
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (i + 1 >= to) {
                return null;
            }
            char escaped = text.charAt(++i);
            switch (escaped) {
                case '\\' -> value.append('\\');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case ' ', '\t', '\f' -> value.append(escaped);
                default -> {
                    return null;
                }
            }
        }
        return value.toString();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }

    private static String required(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new FamilyFormatException("missing key '" + key + "'");
        }
        return value.trim();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    // ---- snapshot ---------------------------------------------------------------------------------

    /** {@code snapshot}'s text: the format line, then one line per entry, sorted by kind (in {@link SchemaSnapshot#KINDS} order), then name. */
    public static String writeSnapshot(SchemaSnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        if (snapshot.format() >= 2) {
            text.append(SNAPSHOT_HEADER).append(snapshot.format()).append('\n');
        }
        for (String kind : SchemaSnapshot.KINDS) {
            snapshot.entries().entrySet().stream().filter(e -> e.getKey().startsWith(kind + "\t"))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> text.append(e.getKey()).append('\t').append(e.getValue()).append('\n'));
        }
        return text.toString();
    }

    /**
     * Reads a snapshot's text: format 2 and later (its first line says so) or format 1 (no such line).
     *
     * @throws FamilyFormatException naming the line that is not an entry, or a format this version does not know
     */
    public static SchemaSnapshot readSnapshot(String text) {
        Map<String, String> entries = new TreeMap<>();
        String[] lines = text.split("\n");
        int format = 1;
        int first = 0;
        if (lines.length > 0 && lines[0].startsWith(SNAPSHOT_HEADER)) {
            try {
                format = Integer.parseInt(lines[0].substring(SNAPSHOT_HEADER.length()).strip());
            } catch (NumberFormatException e) {
                throw new FamilyFormatException("Line 1 of the schema snapshot is not '" + SNAPSHOT_HEADER + "N': " + lines[0]);
            }
            if (format < 1 || format > SchemaSnapshot.FORMAT) {
                throw new FamilyFormatException("The schema snapshot has format " + format + ", this migrator reads"
                        + " formats 1 to " + SchemaSnapshot.FORMAT + ": use a newer migrator");
            }
            first = 1;
        }
        List<String> kinds = format == 1 ? SchemaSnapshot.FORMAT_1_KINDS : SchemaSnapshot.KINDS;
        for (int number = first; number < lines.length; number++) {
            String line = lines[number];
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (parts.length != 3 || !kinds.contains(parts[0])) {
                throw new FamilyFormatException("Line " + (number + 1) + " of the schema snapshot is not"
                        + " 'kind<TAB>name<TAB>value': " + line);
            }
            entries.put(parts[0] + "\t" + parts[1], parts[2]);
        }
        return SchemaSnapshot.of(format, entries);
    }

    // ---- a family's files in a jar or folder ----------------------------------------------------

    /**
     * The names of the families in {@code jarOrDirectory}, sorted.
     *
     * @throws IOException when it cannot be read
     */
    public static List<String> families(Path jarOrDirectory) throws IOException {
        return open(jarOrDirectory, root -> {
            Path families = root.resolve(FamilyLayout.ROOT);
            if (!Files.isDirectory(families)) {
                return List.of();
            }
            try (Stream<Path> children = Files.list(families)) {
                return children.filter(child -> Files.isRegularFile(child.resolve(FamilyLayout.INDEX)))
                        .map(child -> child.getFileName().toString().replace("/", "")).sorted().toList();
            }
        });
    }

    /**
     * Reads {@code family}'s files from {@code jarOrDirectory}.
     *
     * @throws FamilyFormatException when the family, its index or one of its scripts is missing or
     *                               malformed, saying which and where
     * @throws IOException           when the jar or folder cannot be read
     */
    public static FamilyFiles read(Path jarOrDirectory, String family) throws IOException {
        String location = jarOrDirectory.toString();
        return open(jarOrDirectory, root -> {
            Path indexFile = root.resolve(FamilyLayout.indexPath(family));
            if (!Files.isRegularFile(indexFile)) {
                List<String> present = families(jarOrDirectory);
                throw new FamilyFormatException(location + " holds no family '" + family + "' (no "
                        + FamilyLayout.indexPath(family) + "); " + (present.isEmpty() ? "it holds no family at all"
                                : "it holds " + String.join(", ", present)));
            }
            FamilyIndex index = readIndex(Files.readString(indexFile, StandardCharsets.UTF_8),
                    location + "!/" + FamilyLayout.indexPath(family));
            Map<String, String> scripts = new LinkedHashMap<>();
            for (Migration migration : index.migrations()) {
                Path script = root.resolve(FamilyLayout.scriptPath(family, migration.script()));
                if (!Files.isRegularFile(script)) {
                    throw new FamilyFormatException("Family '" + family + "' lists " + migration.script()
                            + " in its index, but " + FamilyLayout.scriptPath(family, migration.script())
                            + " is missing from " + location);
                }
                scripts.put(migration.script(), Files.readString(script, StandardCharsets.UTF_8));
            }
            SchemaSnapshot snapshot = snapshotFile(root.resolve(FamilyLayout.snapshotPath(family)));
            Map<Integer, SchemaSnapshot> versions = new LinkedHashMap<>();
            for (int version = 1; version < index.migrations().size(); version++) {
                SchemaSnapshot atVersion = snapshotFile(root.resolve(FamilyLayout.snapshotPath(family, version)));
                if (atVersion != null) {
                    versions.put(version, atVersion);
                }
            }
            return new FamilyFiles(index, scripts, snapshot, versions);
        });
    }

    /**
     * Writes {@code files} into {@code directory} (a jar's resource folder), replacing whatever the
     * family's folder held: the scripts, the index and the snapshots there are.
     */
    public static void write(Path directory, FamilyFiles files) throws IOException {
        String family = files.index().family();
        deleteRecursively(directory.resolve(FamilyLayout.directory(family)));
        for (Migration migration : files.index().migrations()) {
            writeFile(directory.resolve(FamilyLayout.scriptPath(family, migration.script())),
                    files.scripts().get(migration.script()));
        }
        writeFile(directory.resolve(FamilyLayout.indexPath(family)), writeIndex(files.index()));
        if (files.snapshot() != null) {
            writeFile(directory.resolve(FamilyLayout.snapshotPath(family)), writeSnapshot(files.snapshot()));
        }
        for (Map.Entry<Integer, SchemaSnapshot> version : new TreeMap<>(files.versionSnapshots()).entrySet()) {
            writeFile(directory.resolve(FamilyLayout.snapshotPath(family, version.getKey())), writeSnapshot(version.getValue()));
        }
    }

    private static SchemaSnapshot snapshotFile(Path file) throws IOException {
        return Files.isRegularFile(file)
                ? readSnapshot(Files.readString(file, StandardCharsets.UTF_8)) : null;
    }

    private static void writeFile(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(file);
            }
        }
    }

    private interface Reader<T> {
        T read(Path root) throws IOException;
    }

    private static <T> T open(Path jarOrDirectory, Reader<T> reader) throws IOException {
        if (Files.isDirectory(jarOrDirectory)) {
            return reader.read(jarOrDirectory);
        }
        if (!Files.isRegularFile(jarOrDirectory)) {
            throw new IOException(jarOrDirectory + " does not exist");
        }
        try (FileSystem jar = FileSystems.newFileSystem(jarOrDirectory)) {
            return reader.read(jar.getPath("/"));
        }
    }
}
