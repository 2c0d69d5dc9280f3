package io.kubernaut.schema.junit.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a test database that a class has finished with as good as a new clone of its template, so the
 * next class can take it instead of waiting for a clone: a clone, a new database's first server process
 * and a drop cost several times what a short test class does (docs/benchmarks.md, {@code suite}).
 *
 * <p>A database is reused only when nothing but table rows and sequence values changed; those are put
 * back. Anything else sends it to be dropped, as before:
 * <ul>
 *   <li>a row of a catalog table added or changed since the database was handed out (any DDL, GRANT,
 *       COMMENT, a temp table, a new partition), found by the row's {@code xmin}: transaction ids are
 *       the server's, so one taken when the database was handed out tells later writes from the
 *       template's; a catalog row removed, found by the catalog's row count;</li>
 *   <li>a changed row of a table the template has rows in (seed rows, the migration history), by the
 *       same two signs: such a table cannot be emptied, and its rows are not copied back;</li>
 *   <li>a session still connected, a prepared transaction, a database-level setting.</li>
 * </ul>
 * The other tables are emptied with {@code TRUNCATE}, with the tables whose foreign keys point at them,
 * and every sequence is set back to its template value.
 *
 * <p>Everything is read from a database no test has used, when the template's first clone is made:
 * clones share the template's object ids, so what is read there holds for each of them.
 */
final class Recycler {

    private static final Logger LOG = LoggerFactory.getLogger(Recycler.class);
    /** ANALYZE writes these as the server pleases; they hold statistics, not schema. */
    private static final Set<String> IGNORED_CATALOGS = Set.of("pg_statistic", "pg_statistic_ext_data", "pg_largeobject");
    private static final String MARK = "$mark";

    private final String catalogCheck;
    private final Map<String, Long> catalogCounts;
    private final String tableCheck;
    /** Tables and partitioned tables by object id: their names, quoted and qualified. */
    private final Map<Long, String> names;
    private final Set<Long> keptWhole;
    private final Map<Long, Set<Long>> referencedBy;
    private final Map<Long, Sequence> sequences;

    private record Sequence(String name, Long value, long start) {
    }

    private Recycler(String catalogCheck, Map<String, Long> catalogCounts, String tableCheck, Map<Long, String> names,
            Set<Long> keptWhole, Map<Long, Set<Long>> referencedBy, Map<Long, Sequence> sequences) {
        this.catalogCheck = catalogCheck;
        this.catalogCounts = catalogCounts;
        this.tableCheck = tableCheck;
        this.names = names;
        this.keptWhole = keptWhole;
        this.referencedBy = referencedBy;
        this.sequences = sequences;
    }

    /** Reads what a fresh clone holds, on a connection to one that no test has used yet. */
    static Recycler read(Connection pristine) throws SQLException {
        List<String> catalogs = strings(pristine, "SELECT relname FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace"
                + " AND relkind = 'r' AND NOT relisshared ORDER BY relname");
        catalogs.removeAll(IGNORED_CATALOGS);
        String catalogCheck = catalogs.stream()
                .map(name -> "SELECT '" + name + "', count(*), count(*) FILTER (WHERE age(xmin) < age('" + MARK + "'::xid))"
                        + " FROM pg_catalog." + name)
                .collect(Collectors.joining(" UNION ALL "));
        Map<String, Long> catalogCounts = new HashMap<>();
        try (Statement statement = pristine.createStatement();
                ResultSet rows = statement.executeQuery(catalogCheck.replace(MARK, "0"))) {
            while (rows.next()) {
                catalogCounts.put(rows.getString(1), rows.getLong(2));
            }
        }

        Map<Long, String> names = new HashMap<>();
        Map<Long, String> tables = new HashMap<>();
        try (Statement statement = pristine.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.oid, format('%I.%I', n.nspname, c.relname), c.relkind = 'r'"
                        + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'")) {
            while (rows.next()) {
                names.put(rows.getLong(1), rows.getString(2));
                if (rows.getBoolean(3)) {
                    tables.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        Map<Long, Long> seeded = new HashMap<>();
        if (!tables.isEmpty()) {
            String counts = tables.entrySet().stream()
                    .map(table -> "SELECT " + table.getKey() + "::bigint, count(*) FROM " + table.getValue())
                    .collect(Collectors.joining(" UNION ALL "));
            try (Statement statement = pristine.createStatement(); ResultSet rows = statement.executeQuery(counts)) {
                while (rows.next()) {
                    if (rows.getLong(2) > 0) {
                        seeded.put(rows.getLong(1), rows.getLong(2));
                    }
                }
            }
        }
        // A table with seed rows is kept whole, and so is every partitioned table above one: truncating the
        // parent would empty the partition.
        Set<Long> keptWhole = new HashSet<>(seeded.keySet());
        for (long table : seeded.keySet()) {
            keptWhole.addAll(longs(pristine, "SELECT relid::oid::bigint FROM pg_partition_ancestors(" + table + ")"));
        }
        Map<Long, Set<Long>> referencedBy = new HashMap<>();
        try (Statement statement = pristine.createStatement();
                ResultSet rows = statement.executeQuery("SELECT confrelid::bigint, conrelid::bigint FROM pg_constraint WHERE contype = 'f'")) {
            while (rows.next()) {
                referencedBy.computeIfAbsent(rows.getLong(1), k -> new HashSet<>()).add(rows.getLong(2));
            }
        }
        Map<Long, Sequence> sequences = new HashMap<>();
        try (Statement statement = pristine.createStatement();
                ResultSet rows = statement.executeQuery("SELECT c.oid, format('%I.%I', n.nspname, c.relname),"
                        + " pg_sequence_last_value(c.oid), s.seqstart FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_sequence s ON s.seqrelid = c.oid WHERE c.relkind = 'S'")) {
            while (rows.next()) {
                sequences.put(rows.getLong(1), new Sequence(rows.getString(2), (Long) rows.getObject(3), rows.getLong(4)));
            }
        }
        return new Recycler(catalogCheck, Map.copyOf(catalogCounts), tableCheck(tables, seeded), Map.copyOf(names),
                Set.copyOf(keptWhole), Map.copyOf(referencedBy), Map.copyOf(sequences));
    }

    /**
     * One query answering, for each table, whether it needs attention: rows in a table the template has
     * none in (to be emptied), or a changed row in one it has rows in.
     */
    private static String tableCheck(Map<Long, String> tables, Map<Long, Long> seeded) {
        return tables.entrySet().stream().map(table -> {
            Long rows = seeded.get(table.getKey());
            String dirty = rows == null
                    ? "EXISTS (SELECT 1 FROM " + table.getValue() + ")"
                    : "(SELECT count(*) FROM " + table.getValue() + ") <> " + rows
                            + " OR EXISTS (SELECT 1 FROM " + table.getValue() + " WHERE age(xmin) < age('" + MARK + "'::xid))";
            return "SELECT " + table.getKey() + "::bigint WHERE " + dirty;
        }).collect(Collectors.joining(" UNION ALL "));
    }

    /**
     * The server's current transaction id, to be compared with the {@code xmin} of rows written later;
     * taken after the database was made or reset, before it is handed out.
     */
    static long mark(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT txid_current() % 4294967296")) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Puts the database {@code connection} is on back as its template made it, if only rows and
     * sequence values changed since {@code mark}.
     *
     * @return whether it was; if not, it is unchanged and must be dropped
     */
    boolean reset(Connection connection, long mark) throws SQLException {
        String why = obstacle(connection, mark);
        if (why != null) {
            LOG.debug("Test database {} is dropped rather than reused: {}", connection.getCatalog(), why);
            return false;
        }
        Set<Long> toEmpty = new LinkedHashSet<>(longs(connection, tableCheck.replace(MARK, Long.toString(mark))));
        for (long table : toEmpty) {
            if (keptWhole.contains(table)) {
                LOG.debug("Test database {} is dropped rather than reused: the rows of {}, which its template has rows in,"
                        + " were changed", connection.getCatalog(), names.get(table));
                return false;
            }
        }
        Set<Long> truncated = withReferencingTables(toEmpty);
        if (truncated == null) {
            LOG.debug("Test database {} is dropped rather than reused: a table with rows from its template refers to an"
                    + " emptied one", connection.getCatalog());
            return false;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (!truncated.isEmpty()) {
                statement.execute("TRUNCATE " + truncated.stream().map(names::get).collect(Collectors.joining(", ")));
            }
            resetSequences(statement);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return true;
    }

    /** Why the database cannot be reused, or null. */
    private String obstacle(Connection connection, long mark) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(catalogCheck.replace(MARK, Long.toString(mark)))) {
            while (rows.next()) {
                if (rows.getLong(3) > 0) {
                    return "rows of " + rows.getString(1) + " were written (DDL, GRANT, COMMENT or a temporary table)";
                }
                if (!Objects.equals(catalogCounts.get(rows.getString(1)), rows.getLong(2))) {
                    return "rows of " + rows.getString(1) + " were removed (an object was dropped)";
                }
            }
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT age(d.xmin) < age('" + mark + "'::xid),"
                        + " EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setdatabase = d.oid),"
                        + " EXISTS (SELECT 1 FROM pg_prepared_xacts p WHERE p.database = d.datname)"
                        + " FROM pg_database d WHERE d.datname = current_database()")) {
            result.next();
            if (result.getBoolean(1) || result.getBoolean(2)) {
                return "the database itself was altered";
            }
            if (result.getBoolean(3)) {
                return "a prepared transaction is left in it";
            }
        }
        return null;
    }

    /**
     * {@code tables} and every table whose foreign key refers to one of them, transitively ({@code TRUNCATE}
     * refuses to empty a referenced table alone); null when one of those is to be kept whole.
     */
    private Set<Long> withReferencingTables(Set<Long> tables) {
        Set<Long> result = new LinkedHashSet<>(tables);
        Deque<Long> pending = new ArrayDeque<>(tables);
        while (!pending.isEmpty()) {
            for (long referencing : referencedBy.getOrDefault(pending.pop(), Set.of())) {
                if (keptWhole.contains(referencing)) {
                    return null;
                }
                if (result.add(referencing)) {
                    pending.push(referencing);
                }
            }
        }
        return result;
    }

    private void resetSequences(Statement statement) throws SQLException {
        if (sequences.isEmpty()) {
            return;
        }
        List<String> resets = new ArrayList<>();
        String current = sequences.keySet().stream().map(oid -> "SELECT " + oid + "::bigint, pg_sequence_last_value(" + oid + ")")
                .collect(Collectors.joining(" UNION ALL "));
        try (ResultSet rows = statement.executeQuery(current)) {
            while (rows.next()) {
                Sequence template = sequences.get(rows.getLong(1));
                Long value = (Long) rows.getObject(2);
                if (!Objects.equals(value, template.value())) {
                    resets.add(template.value() == null
                            ? "setval(" + rows.getLong(1) + ", " + template.start() + ", false)"
                            : "setval(" + rows.getLong(1) + ", " + template.value() + ", true)");
                }
            }
        }
        if (!resets.isEmpty()) {
            statement.execute("SELECT " + String.join(", ", resets));
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.add(rows.getString(1));
            }
        }
        return result;
    }

    private static List<Long> longs(Connection connection, String sql) throws SQLException {
        List<Long> result = new ArrayList<>();
        if (sql.isEmpty()) {
            return result;
        }
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.add(rows.getLong(1));
            }
        }
        return result;
    }
}
