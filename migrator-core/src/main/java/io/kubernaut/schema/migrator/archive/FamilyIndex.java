package io.kubernaut.schema.migrator.archive;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.internal.FamilyFormat;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The index a family jar ships at {@link FamilyLayout#indexPath(String)}: the family's metadata and its
 * scripts with their checksums, so nothing has to list a jar's directories (which breaks in fat and
 * nested jars). The schema Maven plugin writes it; {@link io.kubernaut.schema.migrator.spi.IndexedSchemaModule}
 * reads it. The scripts sit next to it. An immutable value; the constructor checks it and throws
 * {@link FamilyFormatException} naming what is wrong.
 *
 * <p>The format is a {@link java.util.Properties} file in UTF-8 whose lines are written in a fixed order, so the
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

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public FamilyIndex {
        requireName(family, "family");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(artifactVersion, "artifactVersion");
        if (artifactVersion.isBlank()) {
            throw new FamilyFormatException("Family '" + family + "' has an empty artifact version");
        }
        tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
        requires = Collections.unmodifiableSet(new LinkedHashSet<>(requires));
        migrations = List.copyOf(migrations);
        if (tables.isEmpty()) {
            throw new FamilyFormatException("Family '" + family + "' declares no tables");
        }
        tables.forEach(table -> requireName(table, "table of family '" + family + "'"));
        requires.forEach(required -> requireName(required, "family required by '" + family + "'"));
        if (requires.contains(family)) {
            throw new FamilyFormatException("Family '" + family + "' requires itself");
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new FamilyFormatException("Migrations of family '" + family + "' must be numbered 1, 2, 3, ..."
                        + " without gaps; found V" + migrations.get(i).version() + " (" + migrations.get(i).script()
                        + ") where V" + (i + 1) + " was expected");
            }
        }
    }

    /**
     * The checksum of a script: SHA-256 over its UTF-8 bytes after removing a leading byte order mark
     * (U+FEFF, which is not part of the script and not run) and turning CRLF and CR line ends into LF, so
     * a checkout on another operating system or an editor that adds the mark does not change it;
     * lower-case hex.
     *
     * @param scriptText the script's text; not null
     */
    public static String checksum(String scriptText) {
        return FamilyFormat.checksum(scriptText);
    }

    /**
     * Reads an index.
     *
     * @param in     the index bytes (UTF-8); not closed
     * @param source where it comes from, for messages
     * @throws FamilyFormatException naming the source and the key when the index is malformed
     * @throws IOException           when {@code in} cannot be read
     */
    public static FamilyIndex read(InputStream in, String source) throws IOException {
        return FamilyFormat.readIndex(new String(in.readAllBytes(), StandardCharsets.UTF_8), source);
    }

    /** This index as the text {@link #read} accepts, always the same bytes for the same index. */
    public String write() {
        return FamilyFormat.writeIndex(this);
    }

    private static void requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new FamilyFormatException("Invalid " + what + " name '" + name
                    + "': use lower-case letters, digits and underscores, starting with a letter, at most 63 characters");
        }
    }
}
