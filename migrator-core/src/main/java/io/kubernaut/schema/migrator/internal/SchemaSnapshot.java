package io.kubernaut.schema.migrator.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of some tables as PostgreSQL's catalog describes them: columns (type, nullability,
 * default, identity, generation), constraints, indexes, triggers, the function each trigger executes
 * (signature, language, security definer, MD5 of its body; keyed by the trigger) and the partition key. Partitions
 * (children of a partitioned table) are left out. Names of the schema itself are removed, so a
 * snapshot taken in one schema equals one taken in another.
 *
 * <p>Each fact is an entry {@code kind key -> value}; two snapshots compare entry by entry. The text
 * form is one sorted line per entry ({@code kind<TAB>key<TAB>value}), stable and diff-friendly.
 *
 * <p>Values are PostgreSQL's own deparsed definitions ({@code format_type}, {@code pg_get_expr},
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}, {@code pg_get_triggerdef}). Two additions
 * appear only when they apply, so snapshots written before them still read the same: a trigger that
 * is not enabled normally ends with {@code " [disabled]"} (or {@code [enabled replica]},
 * {@code [enabled always]}), and an index PostgreSQL marks invalid (a failed
 * {@code CREATE INDEX CONCURRENTLY}) ends with {@code " [invalid]"}. NOT NULL constraints, which
 * PostgreSQL 18 lists in {@code pg_constraint}, are left out: nullability is part of the column entry,
 * and a snapshot taken on PostgreSQL 17 must equal one taken on 18.
 */
public final class SchemaSnapshot {

    /** The kinds of entries, in the order they print. */
    public static final List<String> KINDS = List.of("table", "column", "constraint", "index", "trigger", "function");

    private final Map<String, String> entries;

    private SchemaSnapshot(Map<String, String> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** Entry key ({@code kind<TAB>name}) to value. */
    public Map<String, String> entries() {
        return entries;
    }

    /**
     * Takes the snapshot of {@code tables} (those that exist) in {@code schema}. The catalog is read
     * with the search path set to {@code schema} alone (restored afterwards), so PostgreSQL prints the
     * schema's own objects unqualified whatever the caller's search path is.
     */
    public static SchemaSnapshot take(Connection connection, String schema, Collection<String> tables) throws SQLException {
        String savedSearchPath = setSearchPath(connection, quoteIdentifier(connection, schema));
        SchemaSnapshot snapshot;
        try {
            snapshot = read(connection, schema, tables);
        } catch (SQLException | RuntimeException e) {
            try {
                setSearchPath(connection, savedSearchPath);
            } catch (SQLException restoring) {
                e.addSuppressed(restoring);
            }
            throw e;
        }
        setSearchPath(connection, savedSearchPath);
        return snapshot;
    }

    private static SchemaSnapshot read(Connection connection, String schema, Collection<String> tables) throws SQLException {
        Map<String, String> entries = new TreeMap<>();
        String prefix = quoteIdentifier(connection, schema) + ".";
        String[] names = tables.toArray(String[]::new);
        query(connection, "SELECT c.relname, CASE c.relkind WHEN 'p' THEN 'partitioned by ' || pg_get_partkeydef(c.oid)"
                + " ELSE 'table' END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition",
                schema, names, row -> entries.put("table\t" + row[0], row[1]));
        query(connection, "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END"
                + " || coalesce(CASE WHEN a.attgenerated = 's' THEN ' generated always as ' ELSE ' default ' END"
                + "    || pg_get_expr(d.adbin, d.adrelid), '')"
                + " || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND a.attnum > 0 AND NOT a.attisdropped",
                schema, names, row -> entries.put("column\t" + row[0], row[1].replace(prefix, "")));
        // contype 'n': PostgreSQL 18 records NOT NULL as constraints; the column entry already says it.
        query(connection, "SELECT c.relname || '.' || k.conname, pg_get_constraintdef(k.oid)"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND k.contype <> 'n'",
                schema, names, row -> entries.put("constraint\t" + row[0], row[1].replace(prefix, "")));
        query(connection, "SELECT t.relname || '.' || i.relname, pg_get_indexdef(i.oid)"
                + " || CASE WHEN x.indisvalid THEN '' ELSE ' [invalid]' END"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = ? AND t.relname = ANY (?) AND NOT t.relispartition",
                schema, names, row -> entries.put("index\t" + row[0], row[1].replace(prefix, "")));
        // tgenabled: O fires normally; D (ALTER TABLE ... DISABLE TRIGGER) is the drift that matters most.
        query(connection, "SELECT c.relname || '.' || g.tgname, pg_get_triggerdef(g.oid)"
                + " || CASE g.tgenabled WHEN 'D' THEN ' [disabled]' WHEN 'R' THEN ' [enabled replica]'"
                + "    WHEN 'A' THEN ' [enabled always]' ELSE '' END"
                + " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND NOT g.tgisinternal",
                schema, names, row -> entries.put("trigger\t" + row[0], row[1].replace(prefix, "")));
        // The function each trigger executes, keyed by the trigger: its body decides what the trigger does
        // (an immutability guard replaced by one that returns NEW is drift the trigger entry cannot show).
        // The body is compared by its MD5 (it spans lines); proconfig is left out, as SET search_path FROM
        // CURRENT records the schema's own name there.
        query(connection, "SELECT c.relname || '.' || g.tgname, p.oid::regprocedure::text || ' language ' || l.lanname"
                + " || CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END || ' body md5 ' || md5(p.prosrc)"
                + " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_proc p ON p.oid = g.tgfoid JOIN pg_language l ON l.oid = p.prolang"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND NOT g.tgisinternal",
                schema, names, row -> entries.put("function\t" + row[0], row[1].replace(prefix, "")));
        return new SchemaSnapshot(entries);
    }

    /** Sets the session's search path to {@code path}; returns the path it replaces. */
    private static String setSearchPath(Connection connection, String path) throws SQLException {
        String previous;
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting('search_path')");
                ResultSet result = statement.executeQuery()) {
            result.next();
            previous = result.getString(1);
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
            statement.setString(1, path);
            statement.execute();
        }
        return previous;
    }

    private interface RowHandler {
        void handle(String[] row);
    }

    private static void query(Connection connection, String sql, String schema, String[] tables, RowHandler handler)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setArray(2, connection.createArrayOf("text", tables));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    handler.handle(new String[] {result.getString(1), result.getString(2)});
                }
            }
        }
    }

    private static String quoteIdentifier(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT quote_ident(?)")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    /** The text form: one line per entry, sorted by kind (in {@link #KINDS} order), then name. */
    public String write() {
        StringBuilder text = new StringBuilder();
        for (String kind : KINDS) {
            entries.entrySet().stream().filter(e -> e.getKey().startsWith(kind + "\t"))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> text.append(e.getKey()).append('\t').append(e.getValue()).append('\n'));
        }
        return text.toString();
    }

    /** Reads the text form. */
    public static SchemaSnapshot read(String text) {
        Map<String, String> entries = new TreeMap<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (parts.length != 3 || !KINDS.contains(parts[0])) {
                throw new IllegalArgumentException("Line " + number + " of the schema snapshot is not 'kind<TAB>name<TAB>value': "
                        + line);
            }
            entries.put(parts[0] + "\t" + parts[1], parts[2]);
        }
        return new SchemaSnapshot(entries);
    }

    /**
     * A column entry read back: {@code <type> null|not null}, then {@code default <expr>} or
     * {@code generated always as <expr>}, then {@code identity always} or {@code identity by default},
     * as {@link #take} writes it.
     *
     * @param type     the type, e.g. {@code character varying(255)}
     * @param nullable whether it accepts NULL
     * @param value    {@code default <expr>} or {@code generated always as <expr>}, or null
     * @param identity {@code identity always} or {@code identity by default}, or null
     */
    public record Column(String type, boolean nullable, String value, String identity) {

        private static final Pattern FORMAT = Pattern.compile(
                "(?s)(.+?) (not null|null)(?: (default .*?|generated always as .*?))?(?: (identity always|identity by default))?");

        /** The column of a {@code column} entry's value, or empty when it is not in that form. */
        public static Optional<Column> parse(String entry) {
            Matcher matcher = FORMAT.matcher(entry);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Column(matcher.group(1), matcher.group(2).equals("null"), matcher.group(3),
                    matcher.group(4)));
        }

        /** The default expression (without {@code default}), the generation clause, or null. */
        public String defaultExpression() {
            return value == null || !value.startsWith("default ") ? value : value.substring("default ".length());
        }

        /** Whether the database fills it when an insert leaves it out (default, generated, identity). */
        public boolean filledByDatabase() {
            return value != null || identity != null;
        }
    }

    /**
     * One difference between an expected and an actual snapshot.
     *
     * @param kind     table, column, constraint, index or trigger
     * @param name     e.g. {@code audit_events.event_id}
     * @param expected the expected definition, null when the actual one is extra
     * @param actual   the actual definition, null when it is missing
     */
    public record Difference(String kind, String name, String expected, String actual) {

        /** "missing column audit_events.x (text null)", "extra index ...", "changed column ...: a -> b". */
        public String describe() {
            if (actual == null) {
                return "missing " + kind + " " + name + " (" + expected + ")";
            }
            if (expected == null) {
                return "extra " + kind + " " + name + " (" + actual + ")";
            }
            return "changed " + kind + " " + name + ": expected " + expected + ", found " + actual;
        }
    }

    /** What differs in {@code actual} compared with this (expected) snapshot; empty when equal. */
    public List<Difference> compare(SchemaSnapshot actual) {
        Map<String, String> keys = new TreeMap<>();
        entries.keySet().forEach(k -> keys.put(k, k));
        actual.entries.keySet().forEach(k -> keys.put(k, k));
        List<Difference> differences = new ArrayList<>();
        for (String key : keys.keySet()) {
            String expected = entries.get(key);
            String found = actual.entries.get(key);
            if (!Objects.equals(expected, found)) {
                String[] parts = key.split("\t", 2);
                differences.add(new Difference(parts[0], parts[1], expected, found));
            }
        }
        differences.sort((a, b) -> KINDS.indexOf(a.kind()) != KINDS.indexOf(b.kind())
                ? Integer.compare(KINDS.indexOf(a.kind()), KINDS.indexOf(b.kind())) : a.name().compareTo(b.name()));
        return differences;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaSnapshot that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return write();
    }
}
