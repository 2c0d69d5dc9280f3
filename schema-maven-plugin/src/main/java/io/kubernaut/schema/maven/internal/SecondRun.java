package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.postgres.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the second run of a family's scripts did to the data: each table's identity (its OID, which a
 * DROP and CREATE changes though the schema stays equal) and row count, read before the run and after
 * each statement, so a change is pinned to the statement that made it. A script that inserts its seed
 * rows again ({@code INSERT … ON CONFLICT DO NOTHING} on a table without a unique key) or rewrites a
 * table ({@code DROP TABLE IF EXISTS x; CREATE TABLE x …}) passes the schema comparison, yet would
 * duplicate or lose rows on a database it runs on again.
 */
final class SecondRun {

    /** Each table's OID (partitions included) and the row count of each table that is not a partition. */
    private record State(Map<String, Long> oids, Map<String, Long> rows) {
    }

    private final Connection connection;
    private final String schema;
    private final State before;
    private State last;
    /** Per table, the first statement after which its OID differed from before the run (or it was gone). */
    private final Map<String, String> identityChangedAt = new TreeMap<>();
    /** Per table, the statements that changed its row count, with the change. */
    private final Map<String, List<String>> rowChanges = new TreeMap<>();

    private SecondRun(Connection connection, String schema) throws SQLException {
        this.connection = connection;
        this.schema = schema;
        this.before = state();
        this.last = before;
    }

    /** Records the tables of {@code schema} before the second run starts. */
    static SecondRun start(Connection connection, String schema) throws SQLException {
        return new SecondRun(connection, schema);
    }

    /** Reads the tables again after the statement at {@code location} ({@code file:line}) ran. */
    void statementRan(String location) throws SQLException {
        State now = state();
        for (Map.Entry<String, Long> table : before.oids().entrySet()) {
            if (!table.getValue().equals(now.oids().get(table.getKey()))) {
                identityChangedAt.putIfAbsent(table.getKey(), location);
            }
        }
        for (Map.Entry<String, Long> table : now.rows().entrySet()) {
            Long previous = last.rows().get(table.getKey());
            if (previous != null && !previous.equals(table.getValue()) && before.rows().containsKey(table.getKey())) {
                long delta = table.getValue() - previous;
                rowChanges.computeIfAbsent(table.getKey(), t -> new ArrayList<>())
                        .add(location + " (" + (delta > 0 ? "+" : "") + delta + ")");
            }
        }
        last = now;
    }

    /** What the run did to the data, each with the {@code file:line} of the statement that did it; empty when nothing. */
    List<String> problems() throws SQLException {
        State after = state();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> changed : identityChangedAt.entrySet()) {
            String table = changed.getKey();
            Long oid = after.oids().get(table);
            if (oid == null) {
                problems.add(changed.getValue() + ": not idempotent: the second run dropped " + table
                        + ": its rows would be lost");
            } else if (!oid.equals(before.oids().get(table))) {
                problems.add(changed.getValue() + ": not idempotent: the second run dropped and recreated " + table
                        + ": its rows would be lost (guard the rewrite so that it runs only while the old table is there)");
            }
        }
        for (Map.Entry<String, Long> table : before.rows().entrySet()) {
            Long count = after.rows().get(table.getKey());
            if (count == null || count.equals(table.getValue()) || identityChangedAt.containsKey(table.getKey())) {
                continue;
            }
            long delta = count - table.getValue();
            List<String> where = rowChanges.getOrDefault(table.getKey(), List.of());
            problems.add((where.isEmpty() ? "" : where.get(where.size() - 1).replaceFirst(" \\(.*$", "") + ": ")
                    + "not idempotent: the second run " + (delta > 0 ? "inserted " + delta : "deleted " + -delta)
                    + (Math.abs(delta) == 1 ? " row " : " rows ") + (delta > 0 ? "into " : "from ") + table.getKey()
                    + (where.size() > 1 ? " (statements: " + String.join(", ", where) + ")" : "")
                    + (delta > 0 ? " (an INSERT without a unique key to conflict on inserts again: give the table a"
                            + " primary key or unique constraint, or insert WHERE NOT EXISTS)" : ""));
        }
        return problems;
    }

    private State state() throws SQLException {
        Map<String, Long> oids = new TreeMap<>();
        List<String> counted = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT c.relname, c.oid::bigint, c.relispartition"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND c.relname <> ?")) {
            statement.setString(1, schema);
            statement.setString(2, Defaults.HISTORY_TABLE);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    oids.put(result.getString(1), result.getLong(2));
                    if (!result.getBoolean(3)) {
                        counted.add(result.getString(1));
                    }
                }
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        if (!counted.isEmpty()) {
            // One round trip for every table: the check runs after each statement of the second run.
            StringBuilder sql = new StringBuilder();
            for (String table : counted) {
                sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("SELECT ")
                        .append("'" + table.replace("'", "''") + "'").append(", count(*) FROM ")
                        .append(Identifiers.quote(schema)).append('.').append(Identifiers.quote(table));
            }
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql.toString())) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
        }
        return new State(oids, rows);
    }
}
