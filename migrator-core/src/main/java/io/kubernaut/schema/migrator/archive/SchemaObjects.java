package io.kubernaut.schema.migrator.archive;

import io.kubernaut.schema.migrator.Defaults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the objects a family owns in a schema, by kind: what a {@link SchemaSnapshot} describes.
 * At build time they are found by difference ({@link #inSchema} after applying the family, minus
 * {@link #inSchema} before), so an object belongs to the one family whose migrations created it.
 *
 * <p>Partitions are not objects of their own (their partitioned table's invariants cover them), nor
 * are the members of an extension, the sequence of an identity column, or the history table.
 *
 * @param tables     tables and partitioned tables
 * @param views      views and materialized views
 * @param functions  names of functions and procedures (every overload of a name belongs to the owner)
 * @param sequences  sequences, identity sequences excepted
 * @param types      enums, composite types and domains
 * @param extensions extensions the family created
 * @param grantees   roles the family's migrations grant privileges to (their privileges are compared)
 * @since 0.1.0
 */
public record SchemaObjects(Set<String> tables, Set<String> views, Set<String> functions, Set<String> sequences,
        Set<String> types, Set<String> extensions, Set<String> grantees) {

    public SchemaObjects {
        tables = Set.copyOf(tables);
        views = Set.copyOf(views);
        functions = Set.copyOf(functions);
        sequences = Set.copyOf(sequences);
        types = Set.copyOf(types);
        extensions = Set.copyOf(extensions);
        grantees = Set.copyOf(grantees);
    }

    /** Nothing. */
    public static SchemaObjects none() {
        return new SchemaObjects(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /** Only {@code tables}. */
    public static SchemaObjects ofTables(Set<String> tables) {
        return new SchemaObjects(tables, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * Every object of {@code schema} now (grantees excepted), and every extension of the database. One
     * query.
     */
    public static SchemaObjects inSchema(Connection connection, String schema) throws SQLException {
        Set<String> tables = new TreeSet<>();
        Set<String> views = new TreeSet<>();
        Set<String> functions = new TreeSet<>();
        Set<String> sequences = new TreeSet<>();
        Set<String> types = new TreeSet<>();
        Set<String> extensions = new TreeSet<>();
        // deptype 'e': a member of an extension (pgcrypto's functions); 'i': an identity column's sequence.
        String sql = "SELECT CASE WHEN c.relkind IN ('r', 'p') THEN 'table' WHEN c.relkind IN ('v', 'm') THEN 'view'"
                + "    ELSE 'sequence' END, c.relname"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT c.relispartition"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + "    AND (d.deptype = 'e' OR d.deptype = 'i' AND c.relkind = 'S' AND d.refclassid = 'pg_class'::regclass))"
                + " UNION ALL SELECT 'function', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = ? AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
                + "    AND d.objid = p.oid AND d.deptype = 'e')"
                + " UNION ALL SELECT 'type', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_class r ON r.oid = t.typrelid"
                + " WHERE n.nspname = ? AND (t.typtype IN ('e', 'd') OR t.typtype = 'c' AND r.relkind = 'c')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid"
                + "    AND d.deptype = 'e')"
                + " UNION ALL SELECT 'extension', extname FROM pg_extension";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, schema);
            statement.setString(3, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String name = result.getString(2);
                    switch (result.getString(1)) {
                        case "table" -> tables.add(name);
                        case "view" -> views.add(name);
                        case "sequence" -> sequences.add(name);
                        case "function" -> functions.add(name);
                        case "type" -> types.add(name);
                        default -> extensions.add(name);
                    }
                }
            }
        }
        tables.remove(Defaults.HISTORY_TABLE);
        return new SchemaObjects(tables, views, functions, sequences, types, extensions, Set.of());
    }

    /** These objects but {@code others}' (grantees kept): what a family's migrations added. */
    public SchemaObjects minus(SchemaObjects others) {
        return new SchemaObjects(without(tables, others.tables), without(views, others.views),
                without(functions, others.functions), without(sequences, others.sequences), without(types, others.types),
                without(extensions, others.extensions), grantees);
    }

    /** These objects and {@code others}'. */
    public SchemaObjects plus(SchemaObjects others) {
        return new SchemaObjects(with(tables, others.tables), with(views, others.views), with(functions, others.functions),
                with(sequences, others.sequences), with(types, others.types), with(extensions, others.extensions),
                with(grantees, others.grantees));
    }

    private static Set<String> with(Set<String> names, Set<String> added) {
        Set<String> all = new TreeSet<>(names);
        all.addAll(added);
        return all;
    }

    /** These objects, with {@code grantees} as the roles whose privileges count. */
    public SchemaObjects withGrantees(Set<String> grantees) {
        return new SchemaObjects(tables, views, functions, sequences, types, extensions, grantees);
    }

    /** Tables, views and sequences: the relations whose privileges are compared. */
    public Set<String> relations() {
        Set<String> relations = new TreeSet<>(tables);
        relations.addAll(views);
        relations.addAll(sequences);
        return relations;
    }

    private static final java.util.regex.Pattern GRANT = java.util.regex.Pattern.compile(
            "(?is)\\bGRANT\\s+(?:(?!\\bTO\\b)[^;])+?\\bON\\b(?:(?!\\bTO\\b)[^;])+?\\bTO\\s+"
                    + "((?:\\w+|\"[^\"]+\")(?:\\s*,\\s*(?:\\w+|\"[^\"]+\"))*)");

    /**
     * The roles {@code GRANT ... ON ... TO role, ...} statements of {@code sql} name: the family declares
     * their privileges on its objects. Unquoted names are folded to lower case as PostgreSQL does;
     * {@code PUBLIC} is {@code public}; CURRENT_USER, CURRENT_ROLE and SESSION_USER name no fixed role.
     */
    public static Set<String> granteesIn(String sql) {
        Set<String> grantees = new TreeSet<>();
        java.util.regex.Matcher matcher = GRANT.matcher(sql);
        while (matcher.find()) {
            for (String role : matcher.group(1).split("\\s*,\\s*")) {
                String name = role.startsWith("\"") ? role.substring(1, role.length() - 1)
                        : role.toLowerCase(java.util.Locale.ROOT);
                if (!Set.of("current_user", "current_role", "session_user", "group").contains(name)) {
                    grantees.add(name);
                }
            }
        }
        return grantees;
    }

    private static Set<String> without(Set<String> names, Set<String> removed) {
        Set<String> left = new TreeSet<>(names);
        left.removeAll(removed);
        return left;
    }
}
