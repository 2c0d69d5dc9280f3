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
 * back. Anything else sends it to be dropped, as before: a catalog row written or removed since the
 * database was handed out (any DDL, GRANT, COMMENT, a temp table, a new partition), a changed row of a
 * table the template has rows in (seed rows, the migration history: such a table cannot be emptied, and
 * its rows are not copied back), a session still connected, a prepared transaction, a database-level
 * setting. Each hand-out is marked ({@link Mark}), and the next reset compares with that mark, in one of
 * two ways:
 * <ul>
 *   <li><b>by the server's write counters</b> (the default on PostgreSQL 15 and later): the cumulative
 *       statistics count every row inserted, updated or deleted per table, catalogs included. A session
 *       publishes its counts when asked ({@code pg_stat_force_next_flush()}) on its way back to idle, so
 *       once each of the database's connections has done that, a catalog total or a table's count that
 *       differs from the mark's is a write since the hand-out. A few queries of a few hundred
 *       microseconds, whatever the size of the catalogs. It sees only sessions that published their
 *       counts: those of the test's pool ({@link #endSession}). A session of the test's own that has
 *       already ended is not seen as such (a server process leaves {@code pg_stat_activity} just before
 *       it publishes its counts), hence the exact check whenever the test was given the means to open
 *       one; a session that turned {@code track_counts} off (superusers only) is not counted;</li>
 *   <li><b>exactly, by the rows</b> ({@code exact}, when the test may have connected by itself, or on an
 *       older server): every catalog row whose {@code xmin} is newer than the transaction id taken at
 *       the mark (transaction ids are the server's, so one taken then tells later writes from the
 *       template's), each catalog's row count (removed rows), and each table's rows. Tens of
 *       milliseconds: it reads every catalog.</li>
 * </ul>
 * Tables with rows are emptied: by {@code DELETE} with triggers and foreign-key checks off
 * ({@code session_replication_role = replica}) when the connecting role may do that and few rows were
 * written (a {@code TRUNCATE} of a partitioned table with its indexes makes new files for each and costs
 * ten times more), else by {@code TRUNCATE} with the tables whose foreign keys point at them. Every
 * sequence is set back to its template value.
 *
 * <p>Everything is read from a database no test has used, when the template's first clone is made:
 * clones share the template's object ids, so what is read there holds for each of them.
 */
final class Recycler {

    private static final Logger LOG = LoggerFactory.getLogger(Recycler.class);
    /** ANALYZE writes these as the server pleases; they hold statistics, not schema. */
    private static final Set<String> IGNORED_CATALOGS = Set.of("pg_statistic", "pg_statistic_ext_data", "pg_largeobject");
    private static final String MARK = "$mark";
    /** Up to this many rows written since the mark, emptying deletes them; beyond, it truncates. */
    private static final long MOST_ROWS_DELETED = 10_000;

    private final String catalogCheck;
    private final Map<String, Long> catalogCounts;
    private final String tableCheck;
    /** Tables and partitioned tables by object id: their names, quoted and qualified. */
    private final Map<Long, String> names;
    private final Set<Long> keptWhole;
    private final Map<Long, Set<Long>> referencedBy;
    private final Map<Long, Sequence> sequences;
    /** The query of the write counters, or null when the server cannot be trusted with them (see {@link #read}). */
    private final String counterQuery;
    /** Whether emptying may delete with triggers off: the role may set session_replication_role, and no trigger or rule fires always. */
    private final boolean deleteQuietly;

    private record Sequence(String name, Long value, long start) {
    }

    /**
     * A database as it was handed out: the server's transaction id then, and the write counters (rows
     * inserted, updated and deleted) of its catalogs, summed under the key 0, and of each of its tables.
     *
     * @param xid      {@code txid_current()} modulo 2^32, for the exact check
     * @param counters by table object id; empty when the counters are not used
     */
    record Mark(long xid, Map<Long, Long> counters) {
    }

    private Recycler(String catalogCheck, Map<String, Long> catalogCounts, String tableCheck, Map<Long, String> names,
            Set<Long> keptWhole, Map<Long, Set<Long>> referencedBy, Map<Long, Sequence> sequences, String counterQuery,
            boolean deleteQuietly) {
        this.catalogCheck = catalogCheck;
        this.catalogCounts = catalogCounts;
        this.tableCheck = tableCheck;
        this.names = names;
        this.keptWhole = keptWhole;
        this.referencedBy = referencedBy;
        this.sequences = sequences;
        this.counterQuery = counterQuery;
        this.deleteQuietly = deleteQuietly;
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
                Set.copyOf(keptWhole), Map.copyOf(referencedBy), Map.copyOf(sequences),
                countersUsable(pristine) ? counterQuery(pristine, catalogs, tables.keySet()) : null, deleteQuietly(pristine));
    }

    /**
     * Whether the write counters can be trusted: {@code pg_stat_force_next_flush()} (PostgreSQL 15) makes a
     * session publish its counts before it answers; before 15 they reach the statistics collector some time
     * later. {@code track_counts} off counts nothing.
     */
    private static boolean countersUsable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT current_setting('server_version_num')::int >= 150000 AND current_setting('track_counts')::boolean")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** One query: the catalogs' writes summed (key 0; no table has object id 0), then each table's. */
    private static String counterQuery(Connection connection, List<String> catalogs, Set<Long> tables) throws SQLException {
        String catalogOids = catalogs.stream().map(name -> "'pg_catalog." + name + "'::regclass")
                .collect(Collectors.joining(", ", "ARRAY[", "]"));
        String writes = "pg_stat_get_tuples_inserted(o) + pg_stat_get_tuples_updated(o) + pg_stat_get_tuples_deleted(o)";
        String query = "SELECT 0::bigint, sum(" + writes + ")::bigint FROM unnest(" + catalogOids + ") o";
        if (!tables.isEmpty()) {
            query += " UNION ALL SELECT o::bigint, " + writes + " FROM unnest('{" + tables.stream().map(String::valueOf)
                    .collect(Collectors.joining(",")) + "}'::oid[]) o";
        }
        return query;
    }

    /**
     * Whether emptying may {@code DELETE} with {@code session_replication_role = replica}: that needs a
     * superuser (as the embedded and Testcontainers servers' users are), and turns off user triggers (a
     * trigger refusing deletes, such as a legal hold's, or one writing elsewhere) and foreign-key checks,
     * except triggers and rules enabled {@code ALWAYS}: with one of those, emptying truncates.
     */
    private static boolean deleteQuietly(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT current_setting('is_superuser')::boolean AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgenabled = 'A')"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_rewrite WHERE ev_enabled = 'A')")) {
            result.next();
            return result.getBoolean(1);
        }
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
     * Ends what a session of a test left behind in it (settings, role, temporary tables, prepared statements,
     * advisory locks, listeners: {@code DISCARD ALL}), so that the next class gets its connection as new,
     * and has it publish its write counters.
     */
    void endSession(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DISCARD ALL");
            if (counterQuery != null) {
                statement.execute("SELECT pg_stat_force_next_flush()");
            }
        }
    }

    /**
     * Marks the database {@code connection} is on as it is handed out; every other session on it must have
     * ended or published its counters ({@link #endSession}).
     */
    Mark mark(Connection connection) throws SQLException {
        long xid;
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT txid_current() % 4294967296"
                        + (counterQuery == null ? "" : ", pg_stat_force_next_flush()"))) {
            result.next();
            xid = result.getLong(1);
        }
        // The flush asked for above happened as that statement ended: this session's own writes (the reset's) count.
        return new Mark(xid, counterQuery == null ? Map.of() : counters(connection));
    }

    private Map<Long, Long> counters(Connection connection) throws SQLException {
        Map<Long, Long> counters = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(counterQuery)) {
            while (rows.next()) {
                counters.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return counters;
    }

    /**
     * Puts the database {@code connection} is on back as its template made it, if only rows and
     * sequence values changed since {@code mark}.
     *
     * @param exact check the rows themselves, not the write counters: a session that did not publish its
     *              counters (one the test opened by itself) may have written
     * @return the mark to hand the database out with; null if it cannot be reused (then it is unchanged and
     *         must be dropped)
     */
    Mark reset(Connection connection, Mark mark, boolean exact) throws SQLException {
        boolean byCounters = !exact && counterQuery != null && !mark.counters().isEmpty();
        String why = byCounters ? null : obstacle(connection, mark.xid());
        if (why == null) {
            why = databaseObstacle(connection, mark.xid());
        }
        Map<Long, Long> written = new HashMap<>();
        if (why == null && byCounters) {
            why = written(connection, mark, written);
        }
        if (why != null) {
            LOG.debug("Test database {} is dropped rather than reused: {}", connection.getCatalog(), why);
            return null;
        }
        Set<Long> toEmpty = byCounters ? written.keySet()
                : new LinkedHashSet<>(longs(connection, tableCheck.replace(MARK, Long.toString(mark.xid()))));
        for (long table : toEmpty) {
            if (keptWhole.contains(table)) {
                LOG.debug("Test database {} is dropped rather than reused: the rows of {}, which its template has rows in,"
                        + " were changed", connection.getCatalog(), names.get(table));
                return null;
            }
        }
        boolean delete = deleteQuietly && byCounters && written.values().stream().mapToLong(Long::longValue).sum() <= MOST_ROWS_DELETED;
        Set<Long> emptied = delete ? toEmpty : withReferencingTables(toEmpty);
        if (emptied == null) {
            LOG.debug("Test database {} is dropped rather than reused: a table with rows from its template refers to an"
                    + " emptied one", connection.getCatalog());
            return null;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (!emptied.isEmpty() && delete) {
                // Local to this transaction: triggers and foreign-key checks stay on for the next test.
                statement.execute("SET LOCAL session_replication_role = replica; "
                        + emptied.stream().map(table -> "DELETE FROM " + names.get(table)).collect(Collectors.joining("; ")));
            } else if (!emptied.isEmpty()) {
                statement.execute("TRUNCATE " + emptied.stream().map(names::get).collect(Collectors.joining(", ")));
            }
            resetSequences(statement);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return mark(connection);
    }

    /**
     * Why the counters say the database cannot be reused, or null; fills {@code tables} with the tables
     * written since {@code mark} and how many rows were written to each.
     */
    private String written(Connection connection, Mark mark, Map<Long, Long> tables) throws SQLException {
        Map<Long, Long> now = counters(connection);
        for (Map.Entry<Long, Long> counter : now.entrySet()) {
            long writes = counter.getValue() - mark.counters().getOrDefault(counter.getKey(), 0L);
            if (counter.getKey() == 0 && writes != 0) {
                return "catalog rows were written or removed (DDL, GRANT, COMMENT or a temporary table)";
            }
            if (writes < 0) {
                return "the statistics were reset";
            }
            if (writes > 0) {
                tables.put(counter.getKey(), writes);
            }
        }
        return null;
    }

    /** Why the catalogs' rows say the database cannot be reused, or null. */
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
        return null;
    }

    /** Why the database itself (its settings, a prepared transaction) keeps it from being reused, or null. */
    private static String databaseObstacle(Connection connection, long mark) throws SQLException {
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
