package io.kubernaut.schema.migrator.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The index a family jar ships at {@code META-INF/schema-registry/<family>/index.properties}: the
 * family's metadata and its scripts with their checksums, so nothing has to list a jar's directories
 * (which breaks in fat and nested jars). The schema Maven plugin writes it; {@link IndexedSchemaModule}
 * reads it. The scripts sit next to it.
 *
 * <p>The format is a {@link Properties} file in UTF-8 whose lines are written in a fixed order, so the
 * same family always gives the same bytes:
 * <pre>
 * format=1
 * family=audit_events
 * artifact=io.kubernaut.schema:schema-audit-events
 * artifactVersion=0.1.0
 * tables=audit_events
 * requires=
 * migrations=1,2
 * migration.1.script=V1__create_audit_events.sql
 * migration.1.description=create audit events
 * migration.1.checksum=&lt;sha-256 hex&gt;
 * migration.1.transactional=true
 * </pre>
 *
 * @param family          the family name
 * @param artifact        {@code groupId:artifactId}, or empty
 * @param artifactVersion the artifact's version
 * @param tables          the tables the family owns
 * @param requires        the families it needs first
 * @param migrations      its migrations, versions 1..n in order
 * @since 0.1.0
 */
public record FamilyIndex(String family, String artifact, String artifactVersion, Set<String> tables,
        Set<String> requires, List<Migration> migrations) {

    /** The folder of every family's resources inside a jar. */
    public static final String ROOT = "META-INF/schema-registry/";

    /** The format version written in the {@code format} key. */
    public static final int FORMAT = 1;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public FamilyIndex {
        requireName(family, "family");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(artifactVersion, "artifactVersion");
        if (artifactVersion.isBlank()) {
            throw new IllegalArgumentException("Family '" + family + "' has an empty artifact version");
        }
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
        requires = Collections.unmodifiableSet(new LinkedHashSet<>(requires));
        migrations = List.copyOf(migrations);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("Family '" + family + "' declares no tables");
        }
        tables.forEach(table -> requireName(table, "table of family '" + family + "'"));
        requires.forEach(required -> requireName(required, "family required by '" + family + "'"));
        if (requires.contains(family)) {
            throw new IllegalArgumentException("Family '" + family + "' requires itself");
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("Migrations of family '" + family + "' must be numbered 1, 2, 3, ..."
                        + " without gaps; found V" + migrations.get(i).version() + " (" + migrations.get(i).script()
                        + ") where V" + (i + 1) + " was expected");
            }
        }
    }

    /** The resource path of {@code family}'s index. */
    public static String indexPath(String family) {
        return ROOT + family + "/index.properties";
    }

    /**
     * The resource path of {@code family}'s schema snapshot (see {@link SchemaModule#snapshot()}).
     *
     * @since 0.1.0
     */
    public static String snapshotPath(String family) {
        return ROOT + family + "/snapshot.txt";
    }

    /**
     * The resource path of the snapshot of {@code family}'s schema after its migrations 1 to
     * {@code version}, for every version before the latest (whose snapshot is {@link #snapshotPath(String)}):
     * {@code META-INF/schema-registry/<family>/snapshots/<version>.txt}. Jars built before these
     * existed have none (see {@link SchemaModule#snapshot(int)}).
     *
     * @since 0.1.0
     */
    public static String snapshotPath(String family, int version) {
        return ROOT + family + "/snapshots/" + version + ".txt";
    }

    /** The resource path of one of {@code family}'s scripts. */
    public static String scriptPath(String family, String script) {
        return ROOT + family + "/" + script;
    }

    /**
     * The checksum of a script: SHA-256 over its UTF-8 bytes after removing a leading byte order mark
     * (U+FEFF, which is not part of the script and not run) and turning CRLF and CR line ends into LF, so
     * a checkout on another operating system or an editor that adds the mark does not change it;
     * lower-case hex.
     */
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

    /**
     * Reads an index.
     *
     * @param in     the index bytes (UTF-8); not closed
     * @param source where it comes from, for messages
     * @throws IllegalArgumentException naming the source and the key when the index is malformed
     */
    public static FamilyIndex read(InputStream in, String source) throws IOException {
        Map<String, String> properties = properties(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        try {
            String format = required(properties, "format");
            if (!String.valueOf(FORMAT).equals(format)) {
                throw new IllegalArgumentException("format " + format + " is not supported (this migrator reads format "
                        + FORMAT + "); use a newer migrator-core");
            }
            String family = required(properties, "family");
            List<Migration> migrations = new ArrayList<>();
            for (String version : list(properties.getOrDefault("migrations", ""))) {
                int number;
                try {
                    number = Integer.parseInt(version);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'migrations' lists '" + version + "', which is not a number");
                }
                String prefix = "migration." + number + ".";
                migrations.add(new Migration(number, required(properties, prefix + "description"),
                        required(properties, prefix + "script"), required(properties, prefix + "checksum"),
                        Boolean.parseBoolean(properties.getOrDefault(prefix + "transactional", "true"))));
            }
            return new FamilyIndex(family, properties.getOrDefault("artifact", ""), required(properties, "artifactVersion"),
                    new LinkedHashSet<>(list(properties.getOrDefault("tables", ""))),
                    new LinkedHashSet<>(list(properties.getOrDefault("requires", ""))), migrations);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid family index " + source + ": " + e.getMessage(), e);
        }
    }

    /** This index as the text {@link #read} accepts, always the same for the same index. */
    public String write() {
        StringBuilder text = new StringBuilder();
        line(text, "format", String.valueOf(FORMAT));
        line(text, "family", family);
        line(text, "artifact", artifact);
        line(text, "artifactVersion", artifactVersion);
        line(text, "tables", String.join(",", tables));
        line(text, "requires", String.join(",", requires));
        line(text, "migrations", migrations.stream().map(m -> String.valueOf(m.version())).collect(Collectors.joining(",")));
        for (Migration migration : migrations) {
            String prefix = "migration." + migration.version() + ".";
            line(text, prefix + "script", migration.script());
            line(text, prefix + "description", migration.description());
            line(text, prefix + "checksum", migration.checksum());
            line(text, prefix + "transactional", String.valueOf(migration.transactional()));
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        String escaped = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        if (!escaped.isEmpty() && Character.isWhitespace(escaped.charAt(0))) {
            escaped = "\\" + escaped;
        }
        text.append(key).append('=').append(escaped).append('\n');
    }

    /**
     * The keys and values of {@code text}, as {@link Properties#load(Reader)} reads them. The lines
     * {@link #write()} writes ({@code key=value}, with {@code \\}, {@code \n}, {@code \r} escaped and a
     * {@code \} before leading whitespace) are read directly; a text with anything else (comments,
     * {@code :} or blanks as separators, continuation lines, other escapes) goes to Properties. Reading
     * every index through Properties was a fifth of discovering 1,000 families (issue 6).
     */
    static Map<String, String> properties(String text) throws IOException {
        Map<String, String> simple = simpleProperties(text);
        if (simple != null) {
            return simple;
        }
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
        return result;
    }

    /** {@link #properties} for a text of lines as {@link #write()} writes them; null for any other form. */
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

    /** The value between {@code from} and {@code to} with write()'s escapes undone; null for anything else. */
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
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return value.trim();
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " name '" + name
                    + "': use lower-case letters, digits and underscores, starting with a letter, at most 63 characters");
        }
    }
}
