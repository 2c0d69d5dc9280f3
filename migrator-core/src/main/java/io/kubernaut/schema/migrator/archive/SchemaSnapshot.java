package io.kubernaut.schema.migrator.archive;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.internal.DriftCheck;
import io.kubernaut.schema.migrator.internal.FamilyFormat;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema a family owns as PostgreSQL's catalog describes it. Names of the schema itself are
 * removed, so a snapshot taken in one schema equals one taken in another.
 *
 * <p>Each fact is an entry {@code kind key -> value}; two snapshots compare entry by entry. The text
 * form starts with the line {@code # schema snapshot format 2}, then one sorted line per entry
 * ({@code kind<TAB>key<TAB>value}), stable and diff-friendly.
 *
 * <p><b>Format 2</b> describes every object of {@link SchemaObjects}: tables (with the partition key),
 * their columns, constraints, indexes, triggers, row-level security and policies; for each partitioned
 * table whether a partition is attached, and one entry per partition that breaks an invariant (lacks
 * or disables a trigger of its parent, lacks an index of its parent or has it invalid, or was detached:
 * a plain table named {@code <parent>_...} with exactly the parent's columns), so partitions
 * are compared by what must hold on each rather than by name; views and materialized views (their
 * definition as PostgreSQL prints it, whitespace collapsed); functions and procedures keyed by
 * signature (result, language, volatility, strictness, SECURITY DEFINER, SET options with the
 * schema's own name replaced by {@code <schema>}, MD5 of the body); sequences (type, increment,
 * cycle, owning column); enums (labels in order), composite types and domains; extensions; and the
 * privileges of the roles the family grants to ({@code grantee} entries name them).
 *
 * <p><b>Format 1</b> (no first line) covers tables, columns, constraints, indexes, triggers and the
 * function of each trigger keyed by the trigger; it is still read, and compared only with a snapshot
 * of the same kinds ({@link #takeLike}).
 *
 * <p>Values are PostgreSQL's own deparsed definitions ({@code format_type}, {@code pg_get_expr},
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}, {@code pg_get_triggerdef},
 * {@code pg_get_viewdef}). A trigger that is not enabled normally ends with {@code " [disabled]"} (or
 * {@code [enabled replica]}, {@code [enabled always]}), and an index PostgreSQL marks invalid ends
 * with {@code " [invalid]"}. NOT NULL constraints, which PostgreSQL 18 lists in {@code pg_constraint},
 * are left out: nullability is part of the column entry.
 *
 * <p>Immutable; equal when format and entries are equal.
 *
 * @since 0.1.0
 */
public final class SchemaSnapshot {

    /** The format {@link #take} gives. */
    public static final int FORMAT = 2;

    /** The kinds of entries, in the order they print. */
    public static final List<String> KINDS = List.of("table", "column", "constraint", "index", "trigger", "rls", "policy",
            "partitions", "partition", "view", "function", "sequence", "type", "extension", "grantee", "grant");

    /** The kinds of entries of format 1. */
    public static final List<String> FORMAT_1_KINDS = List.of("table", "column", "constraint", "index", "trigger",
            "function");

    /** What a format 1 snapshot cannot describe, in words. */
    public static final String NOT_IN_FORMAT_1 = "views, functions other than those of triggers, sequences, types,"
            + " extensions, row-level security, partitions, privileges";

    private final int format;
    private final Map<String, String> entries;

    private SchemaSnapshot(int format, Map<String, String> entries) {
        this.format = format;
        this.entries = Map.copyOf(entries);
    }

    /** Entry key ({@code kind<TAB>name}) to value. */
    public Map<String, String> entries() {
        return entries;
    }

    /** 1 or 2. */
    public int format() {
        return format;
    }

    /** The objects this snapshot describes (format 1: its tables only). */
    public SchemaObjects objects() {
        return new SchemaObjects(names("table"), names("view"), functionNames(), names("sequence"), names("type"),
                names("extension"), names("grantee"));
    }

    private Set<String> names(String kind) {
        Set<String> names = new TreeSet<>();
        entries.keySet().stream().filter(k -> k.startsWith(kind + "\t")).forEach(k -> names.add(k.substring(kind.length() + 1)));
        return names;
    }

    private Set<String> functionNames() {
        Set<String> names = new TreeSet<>();
        if (format >= 2) {
            names("function").forEach(signature -> names.add(signature.substring(0, signature.indexOf('('))));
        }
        return names;
    }

    /**
     * Takes the snapshot (format 2) of {@code objects} (those that exist) in {@code schema}. The catalog
     * is read with the search path set to {@code schema} alone (restored afterwards), so PostgreSQL
     * prints the schema's own objects unqualified whatever the caller's search path is.
     */
    public static SchemaSnapshot take(Connection connection, String schema, SchemaObjects objects) throws SQLException {
        return withSearchPath(connection, schema, () -> new SchemaSnapshot(FORMAT, read(connection, schema, objects)));
    }

    /**
     * A snapshot of the live database comparable with {@code expected}: of the objects it describes, in
     * its format ({@code tables} are the family's tables, which a format 1 snapshot does not list
     * when they are missing).
     */
    public static SchemaSnapshot takeLike(Connection connection, String schema, SchemaSnapshot expected,
            Collection<String> tables) throws SQLException {
        if (expected.format >= 2) {
            return take(connection, schema, expected.objects());
        }
        return withSearchPath(connection, schema, () -> {
            Map<String, String> entries = new TreeMap<>();
            String prefix = quoteIdentifier(connection, schema) + ".";
            String[] names = tables.toArray(String[]::new);
            readTables(connection, schema, names, prefix, entries);
            // Format 1 keys the function a trigger executes by the trigger (signature, language, security
            // definer, body MD5); proconfig is left out.
            query(connection, "SELECT c.relname || '.' || g.tgname, p.oid::regprocedure::text || ' language ' || l.lanname"
                    + " || CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END || ' body md5 ' || md5(p.prosrc)"
                    + " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_proc p ON p.oid = g.tgfoid JOIN pg_language l ON l.oid = p.prolang"
                    + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND NOT g.tgisinternal",
                    row -> entries.put("function\t" + row[0], row[1].replace(prefix, "")), schema, names);
            return new SchemaSnapshot(1, entries);
        });
    }

    private interface Reading {
        SchemaSnapshot read() throws SQLException;
    }

    private static SchemaSnapshot withSearchPath(Connection connection, String schema, Reading reading) throws SQLException {
        String savedSearchPath = setSearchPath(connection, quoteIdentifier(connection, schema));
        SchemaSnapshot snapshot;
        try {
            snapshot = reading.read();
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

    /** One query per kind of object, whatever the number of objects. */
    private static Map<String, String> read(Connection connection, String schema, SchemaObjects objects) throws SQLException {
        Map<String, String> entries = new TreeMap<>();
        String prefix = quoteIdentifier(connection, schema) + ".";
        String[] tables = objects.tables().toArray(String[]::new);
        Set<String> withColumns = new TreeSet<>(objects.tables());
        withColumns.addAll(objects.views());
        readTables(connection, schema, tables, prefix, entries);
        // View columns: what compatibility checks of a view (a column removed or retyped).
        query(connection, "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) || ' null'"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('v', 'm') AND a.attnum > 0 AND NOT a.attisdropped",
                row -> entries.put("column\t" + row[0], row[1].replace(prefix, "")), schema, objects.views().toArray(String[]::new));
        // Indexes of materialized views.
        query(connection, "SELECT t.relname || '.' || i.relname, pg_get_indexdef(i.oid)"
                + " || CASE WHEN x.indisvalid THEN '' ELSE ' [invalid]' END"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relname = ANY (?) AND t.relkind = 'm'",
                row -> entries.put("index\t" + row[0], row[1].replace(prefix, "")), schema, objects.views().toArray(String[]::new));
        query(connection, "SELECT c.relname, CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END"
                + " || CASE WHEN c.relforcerowsecurity THEN ' forced' ELSE '' END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND (c.relrowsecurity OR c.relforcerowsecurity)",
                row -> entries.put("rls\t" + row[0], row[1]), schema, tables);
        query(connection, "SELECT c.relname || '.' || p.polname, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END"
                + " || ' for ' || CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update'"
                + "    WHEN 'd' THEN 'delete' ELSE 'all' END"
                + " || ' to ' || (SELECT string_agg(CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END, ', '"
                + "    ORDER BY CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid) END) FROM unnest(p.polroles) AS r(oid))"
                + " || coalesce(' using (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')"
                + " || coalesce(' with check (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '')"
                + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition",
                row -> entries.put("policy\t" + row[0], oneLine(row[1].replace(prefix, ""))), schema, tables);
        readPartitions(connection, schema, tables, entries);
        query(connection, "SELECT c.relname, CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END"
                + " || pg_get_viewdef(c.oid)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('v', 'm')",
                row -> entries.put("view\t" + row[0], oneLine(row[1].replace(prefix, ""))), schema,
                objects.views().toArray(String[]::new));
        readFunctions(connection, schema, objects, prefix, entries);
        query(connection, "SELECT c.relname, format_type(s.seqtypid, NULL) || ' increment ' || s.seqincrement"
                + " || CASE WHEN s.seqcycle THEN ' cycle' ELSE '' END"
                + " || coalesce(' owned by ' || t.relname || '.' || a.attname, '')"
                + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'"
                + "    AND d.refclassid = 'pg_class'::regclass"
                + " LEFT JOIN pg_class t ON t.oid = d.refobjid"
                + " LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE n.nspname = ? AND c.relname = ANY (?)",
                row -> entries.put("sequence\t" + row[0], row[1].replace(prefix, "")), schema,
                objects.sequences().toArray(String[]::new));
        query(connection, "SELECT t.typname, CASE t.typtype"
                + " WHEN 'e' THEN 'enum (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)"
                + "    FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')'"
                + " WHEN 'c' THEN 'composite (' || coalesce((SELECT string_agg(quote_ident(a.attname) || ' '"
                + "    || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a"
                + "    WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '') || ')'"
                + " ELSE 'domain over ' || format_type(t.typbasetype, t.typtypmod)"
                + "    || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || t.typdefault, '')"
                + "    || coalesce((SELECT ' ' || string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)"
                + "    FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype <> 'n'), '') END"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_class r ON r.oid = t.typrelid"
                + " WHERE n.nspname = ? AND t.typname = ANY (?) AND (t.typtype IN ('e', 'd') OR t.typtype = 'c' AND r.relkind = 'c')",
                row -> entries.put("type\t" + row[0], row[1].replace(prefix, "")), schema, objects.types().toArray(String[]::new));
        // Extensions are database-wide; their version is the server's business, not the family's.
        query(connection, "SELECT extname, 'installed' FROM pg_extension WHERE extname = ANY (?)",
                row -> entries.put("extension\t" + row[0], row[1]), (Object) objects.extensions().toArray(String[]::new));
        objects.grantees().forEach(role -> entries.put("grantee\t" + role, "declared"));
        readGrants(connection, schema, objects, entries);
        return entries;
    }

    private static void readTables(Connection connection, String schema, String[] names, String prefix,
            Map<String, String> entries) throws SQLException {
        query(connection, "SELECT c.relname, CASE c.relkind WHEN 'p' THEN 'partitioned by ' || pg_get_partkeydef(c.oid)"
                + " ELSE 'table' END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition",
                row -> entries.put("table\t" + row[0], row[1]), schema, names);
        query(connection, "SELECT c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)"
                + " || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END"
                + " || coalesce(CASE WHEN a.attgenerated = 's' THEN ' generated always as ' ELSE ' default ' END"
                + "    || pg_get_expr(d.adbin, d.adrelid), '')"
                + " || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND a.attnum > 0 AND NOT a.attisdropped",
                row -> entries.put("column\t" + row[0], row[1].replace(prefix, "")), schema, names);
        // contype 'n': PostgreSQL 18 records NOT NULL as constraints; the column entry already says it.
        query(connection, "SELECT c.relname || '.' || k.conname, pg_get_constraintdef(k.oid)"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND k.contype <> 'n'",
                row -> entries.put("constraint\t" + row[0], row[1].replace(prefix, "")), schema, names);
        query(connection, "SELECT t.relname || '.' || i.relname, pg_get_indexdef(i.oid)"
                + " || CASE WHEN x.indisvalid THEN '' ELSE ' [invalid]' END"
                + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                + " JOIN pg_namespace n ON n.oid = t.relnamespace"
                + " WHERE n.nspname = ? AND t.relname = ANY (?) AND NOT t.relispartition AND t.relkind IN ('r', 'p')",
                row -> entries.put("index\t" + row[0], row[1].replace(prefix, "")), schema, names);
        // tgenabled: O fires normally; D (ALTER TABLE ... DISABLE TRIGGER) is the drift that matters most.
        query(connection, "SELECT c.relname || '.' || g.tgname, pg_get_triggerdef(g.oid)"
                + " || CASE g.tgenabled WHEN 'D' THEN ' [disabled]' WHEN 'R' THEN ' [enabled replica]'"
                + "    WHEN 'A' THEN ' [enabled always]' ELSE '' END"
                + " FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND NOT c.relispartition AND NOT g.tgisinternal",
                row -> entries.put("trigger\t" + row[0], row[1].replace(prefix, "")), schema, names);
    }

    /**
     * Per partitioned table, whether a partition is attached; per partition (direct child), each trigger
     * of the parent it lacks or has in another state (DISABLE TRIGGER on one partition), and each index
     * of the parent it lacks or has invalid. Partitions are found at read time, so new ones made by the
     * family's partition function are compared like the others.
     */
    private static void readPartitions(Connection connection, String schema, String[] tables, Map<String, String> entries)
            throws SQLException {
        query(connection, "SELECT c.relname, CASE WHEN EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid)"
                + " THEN 'at least one attached' ELSE 'none attached' END"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind = 'p' AND NOT c.relispartition",
                row -> entries.put("partitions\t" + row[0], row[1]), schema, tables);
        query(connection, "SELECT ch.relname || '.' || pt.tgname, p.relname || ': trigger '"
                + " || CASE WHEN ct.oid IS NULL THEN 'missing' WHEN ct.tgenabled = 'D' THEN 'disabled'"
                + "    WHEN ct.tgenabled = 'R' THEN 'enabled replica' WHEN ct.tgenabled = 'A' THEN 'enabled always'"
                + "    ELSE 'enabled' END"
                + " FROM pg_class p JOIN pg_namespace n ON n.oid = p.relnamespace"
                + " JOIN pg_trigger pt ON pt.tgrelid = p.oid AND NOT pt.tgisinternal"
                + " JOIN pg_inherits i ON i.inhparent = p.oid JOIN pg_class ch ON ch.oid = i.inhrelid"
                + " LEFT JOIN pg_trigger ct ON ct.tgrelid = ch.oid AND ct.tgname = pt.tgname"
                + " WHERE n.nspname = ? AND p.relname = ANY (?) AND p.relkind = 'p' AND NOT p.relispartition"
                + " AND (ct.oid IS NULL OR ct.tgenabled <> pt.tgenabled)",
                row -> entries.put("partition\t" + row[0], row[1]), schema, tables);
        query(connection, "SELECT ch.relname || '.' || pi.relname, p.relname || ': index '"
                + " || CASE WHEN ci.indexrelid IS NULL THEN 'missing' ELSE 'invalid' END"
                + " FROM pg_class p JOIN pg_namespace n ON n.oid = p.relnamespace"
                + " JOIN pg_index px ON px.indrelid = p.oid JOIN pg_class pi ON pi.oid = px.indexrelid"
                + " JOIN pg_inherits i ON i.inhparent = p.oid JOIN pg_class ch ON ch.oid = i.inhrelid"
                + " LEFT JOIN (pg_inherits ii JOIN pg_index ci ON ci.indexrelid = ii.inhrelid)"
                + "    ON ii.inhparent = pi.oid AND ci.indrelid = ch.oid"
                + " WHERE n.nspname = ? AND p.relname = ANY (?) AND p.relkind = 'p' AND NOT p.relispartition"
                + " AND (ci.indexrelid IS NULL OR NOT ci.indisvalid)",
                row -> entries.put("partition\t" + row[0], row[1]), schema, tables);
        // A detached partition: a plain table of the schema named <parent>_... with exactly the parent's
        // columns. Its rows are no longer in the parent (an audit trail's month gone from its queries).
        query(connection, "SELECT t.relname, p.relname || ': detached'"
                + " FROM pg_class p JOIN pg_namespace n ON n.oid = p.relnamespace"
                + " JOIN pg_class t ON t.relnamespace = p.relnamespace AND t.relkind = 'r' AND NOT t.relispartition"
                + "    AND left(t.relname, length(p.relname) + 1) = p.relname || '_'"
                + " WHERE n.nspname = ? AND p.relname = ANY (?) AND p.relkind = 'p' AND NOT p.relispartition"
                + " AND NOT t.relname = ANY (?)"
                + " AND (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attname)"
                + "    FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped)"
                + "  = (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attname)"
                + "    FROM pg_attribute a WHERE a.attrelid = p.oid AND a.attnum > 0 AND NOT a.attisdropped)",
                row -> entries.put("partition\t" + row[0], row[1]), schema, tables, tables);
    }

    private static void readFunctions(Connection connection, String schema, SchemaObjects objects, String prefix,
            Map<String, String> entries) throws SQLException {
        String quotedSchema = quoteIdentifier(connection, schema);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT p.oid::regprocedure::text, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'"
                        + "    WHEN 'w' THEN 'window function' ELSE 'function' END"
                        + " || CASE WHEN p.prokind = 'p' THEN '' ELSE ' returns ' || pg_get_function_result(p.oid) END"
                        + " || ' language ' || l.lanname"
                        + " || CASE p.provolatile WHEN 'i' THEN ' immutable' WHEN 's' THEN ' stable' ELSE ' volatile' END"
                        + " || CASE WHEN p.proisstrict THEN ' strict' ELSE '' END"
                        + " || CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END, p.proconfig, md5(p.prosrc)"
                        + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                        + " WHERE n.nspname = ? AND p.proname = ANY (?)")) {
            statement.setString(1, schema);
            statement.setArray(2, connection.createArrayOf("text", objects.functions().toArray(String[]::new)));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    StringBuilder value = new StringBuilder(result.getString(2).replace(prefix, ""));
                    java.sql.Array config = result.getArray(3);
                    if (config != null) {
                        for (String setting : (String[]) config.getArray()) {
                            value.append(" set ").append(setting(setting, schema, quotedSchema));
                        }
                    }
                    value.append(" body md5 ").append(result.getString(4));
                    entries.put("function\t" + result.getString(1).replace(prefix, ""), value.toString());
                }
            }
        }
    }

    /**
     * A {@code proconfig} setting with the schema's own name in {@code search_path} (what
     * {@code SET search_path FROM CURRENT} records) replaced by {@code <schema>}.
     */
    static String setting(String setting, String schema, String quotedSchema) {
        if (!setting.startsWith("search_path=")) {
            return setting;
        }
        List<String> path = new ArrayList<>();
        for (String element : setting.substring("search_path=".length()).split(",")) {
            String name = element.strip();
            path.add(name.equals(schema) || name.equals(quotedSchema) ? "<schema>" : name);
        }
        return "search_path=" + String.join(", ", path);
    }

    /** The privileges of the declared grantees on the owned relations and functions, by object and role. */
    private static void readGrants(Connection connection, String schema, SchemaObjects objects, Map<String, String> entries)
            throws SQLException {
        if (objects.grantees().isEmpty()) {
            return;
        }
        String prefix = quoteIdentifier(connection, schema) + ".";
        query(connection, "SELECT x.object || ' to ' || x.grantee, string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type)"
                + " FROM (SELECT c.relname AS object, CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END"
                + "    AS grantee, a.privilege_type"
                + "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,"
                + "    aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))) a"
                + "  WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT c.relispartition"
                + "  UNION ALL SELECT p.oid::regprocedure::text, CASE WHEN a.grantee = 0 THEN 'public'"
                + "    ELSE pg_get_userbyid(a.grantee) END, a.privilege_type"
                + "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,"
                + "    aclexplode(coalesce(p.proacl, acldefault('f'::\"char\", p.proowner))) a"
                + "  WHERE n.nspname = ? AND p.proname = ANY (?)) x"
                + " WHERE x.grantee = ANY (?) GROUP BY x.object, x.grantee",
                row -> entries.put("grant\t" + row[0].replace(prefix, ""), row[1]), schema,
                objects.relations().toArray(String[]::new), schema, objects.functions().toArray(String[]::new),
                objects.grantees().toArray(String[]::new));
    }

    /** Definitions printed over several lines (views), on one: the text form has one line per entry. */
    private static String oneLine(String definition) {
        return definition.strip().replaceAll("\\s+", " ");
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

    /** Runs {@code sql} with {@code parameters} (a String[] is bound as a text array). */
    private static void query(Connection connection, String sql, RowHandler handler, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setString(i + 1, (String) parameters[i]);
                }
            }
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

    /** The text form ({@code snapshot.txt}): the format line, then one sorted line per entry. */
    public String write() {
        return FamilyFormat.writeSnapshot(this);
    }

    /**
     * Reads the text form: format 2 (its first line says so) or format 1 (no such line).
     *
     * @throws FamilyFormatException naming the line that is not an entry, or a format this version does not know
     */
    public static SchemaSnapshot read(String text) {
        return FamilyFormat.readSnapshot(text);
    }

    /**
     * The snapshot of {@code entries} in {@code format}, as {@link #entries()} and {@link #format()} give them.
     *
     * @throws FamilyFormatException when the format is unknown or an entry's kind is not one of its kinds
     */
    public static SchemaSnapshot of(int format, Map<String, String> entries) {
        if (format < 1 || format > FORMAT) {
            throw new FamilyFormatException("Schema snapshot format " + format + " is unknown (1 to " + FORMAT + ")");
        }
        List<String> kinds = format == 1 ? FORMAT_1_KINDS : KINDS;
        for (String key : entries.keySet()) {
            int tab = key.indexOf('\t');
            if (tab < 0 || !kinds.contains(key.substring(0, tab))) {
                throw new FamilyFormatException("Schema snapshot entry '" + key + "' is not 'kind<TAB>name' of a kind of format "
                        + format);
            }
        }
        return new SchemaSnapshot(format, entries);
    }

    /**
     * How {@code actual} (a live database's snapshot) drifted from this expected one, as
     * {@link io.kubernaut.schema.migrator.Migrator#verify()} reports it; empty when they are equal.
     */
    public List<Drift> drift(SchemaSnapshot actual) {
        return DriftCheck.compare(this, actual);
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
     * One entry that differs between an expected and an actual snapshot ({@link #drift} turns it into
     * the {@link Drift} that describes it).
     *
     * @param kind     the entry's kind, one of {@link #KINDS}
     * @param name     e.g. {@code audit_events.event_id}
     * @param expected the expected definition, null when the actual one is extra
     * @param actual   the actual definition, null when it is missing
     */
    public record Difference(String kind, String name, String expected, String actual) {
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
        return other instanceof SchemaSnapshot that && format == that.format && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + format;
    }

    @Override
    public String toString() {
        return write();
    }
}
