package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs a migration's statements on a connection and turns a failure into a precise error. */
final class ScriptRunner {

    private ScriptRunner() {
    }

    /**
     * Executes every statement of {@code prepared}. With {@code pipelined} (the migration runs in a
     * transaction of its own, opened on {@code connection}), the statements go to PostgreSQL as one
     * JDBC batch, which pgjdbc sends in one round trip, instead of one round trip each: a script of k
     * statements waited k times for the server, which made applying measurably slower than plain JDBC
     * executing the files (issue 6, docs/benchmarks.md). Each statement stays a batch entry of its own,
     * so pgjdbc reads it exactly as when it was sent alone. When the batch fails, the transaction is
     * rolled back and the statements run again one by one in a new one, so the error still names the
     * statement and line that fail (a batch's error does not reliably say which entry failed); the
     * caller then rolls that back. Should every statement pass alone (a deadlock or a timeout that did
     * not recur), the batch's error is reported, without a line, and nothing stays applied.
     *
     * <p>Without {@code pipelined} (a non-transactional migration, or the all-or-nothing mode, where a
     * rollback would undo the migrations before this one and the re-run could not reproduce the
     * failure), the statements run one by one as before.
     *
     * @throws MigrationFailedException     when PostgreSQL rejects a statement
     * @throws DatabaseUnavailableException when the connection is lost
     */
    static void run(Connection connection, PreparedMigration prepared, boolean pipelined) {
        List<SqlStatement> statements = prepared.statements();
        if (!pipelined || statements.size() < 2) {
            run(connection, prepared);
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // Scripts are PostgreSQL SQL, not JDBC: braces in JSON literals are not JDBC escapes.
            statement.setEscapeProcessing(false);
            try {
                for (SqlStatement sql : statements) {
                    statement.addBatch(sql.text());
                }
            } catch (SQLException e) {
                // pgjdbc refuses a batch entry it reads as several statements (where its parser and
                // SqlScript disagree); nothing was sent: run one by one, as before batches.
                run(connection, prepared);
                return;
            }
            statement.executeBatch();
        } catch (SQLException e) {
            // A BatchUpdateException says "batch entry n was aborted"; the server's error is the next one.
            SQLException server = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
            if (isConnectionLoss(server) || isConnectionLoss(e)) {
                throw failure(prepared.migration(), null, server);
            }
            throw locate(connection, prepared, server);
        }
    }

    /** After the batch of {@code prepared} failed with {@code pipelineFailure}: the exact error, from a run one by one. */
    private static RuntimeException locate(Connection connection, PreparedMigration prepared, SQLException pipelineFailure) {
        try {
            connection.rollback();
            run(connection, prepared);
        } catch (MigrationFailedException | DatabaseUnavailableException exact) {
            return exact;
        } catch (SQLException e) {
            return failure(prepared.migration(), null, isConnectionLoss(e) ? e : pipelineFailure);
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The caller rolls back too; the error to report is the pipeline's.
        }
        return failure(prepared.migration(), null, pipelineFailure);
    }

    /**
     * Executes every statement of {@code prepared}, one by one so a failure is known to the statement.
     *
     * @throws MigrationFailedException     when PostgreSQL rejects a statement
     * @throws DatabaseUnavailableException when the connection is lost
     */
    static void run(Connection connection, PreparedMigration prepared) {
        try (Statement statement = connection.createStatement()) {
            // Scripts are PostgreSQL SQL, not JDBC: braces in JSON literals are not JDBC escapes.
            statement.setEscapeProcessing(false);
            for (SqlStatement sql : prepared.statements()) {
                try {
                    statement.execute(sql.text());
                } catch (SQLException e) {
                    throw failure(prepared.migration(), sql, e);
                }
            }
        } catch (SQLException e) {
            throw failure(prepared.migration(), null, e);
        }
    }

    /**
     * Fails a non-transactional migration that leaves an invalid index on one of its family's
     * {@code tables}: an interrupted {@code CREATE INDEX CONCURRENTLY} leaves one behind, and a
     * retry with {@code IF NOT EXISTS} skips it, so recording the migration as applied would claim an
     * index that queries never use and, if unique, does not hold.
     *
     * @see <a href="https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY">Building indexes concurrently</a>
     * @throws MigrationFailedException naming the invalid indexes and how to repair them
     */
    static void requireValidIndexes(Connection connection, PlannedMigration migration, String schema, Set<String> tables) {
        List<String> invalid = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT ic.relname FROM pg_index i"
                + " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = tc.relnamespace"
                + " WHERE NOT i.indisvalid AND n.nspname = ? AND tc.relname = ANY (?) ORDER BY 1")) {
            statement.setString(1, schema);
            statement.setArray(2, connection.createArrayOf("text", tables.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    invalid.add(result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure(migration, null, e);
        }
        if (!invalid.isEmpty()) {
            throw new MigrationFailedException(migration.family(), migration.version(), migration.script(), 0, null,
                    "it leaves the invalid index " + String.join(", ", invalid) + " (left by an interrupted CREATE INDEX"
                            + " CONCURRENTLY, which IF NOT EXISTS skips). Drop it (DROP INDEX CONCURRENTLY "
                            + String.join(", ", invalid) + ") and run again; write such a migration as"
                            + " DROP INDEX CONCURRENTLY IF EXISTS before CREATE INDEX CONCURRENTLY IF NOT EXISTS, so a"
                            + " retry repairs it", null, null);
        }
    }

    /** The error for {@code e}, raised while running {@code sql} (null when outside a statement). */
    static RuntimeException failure(PlannedMigration migration, SqlStatement sql, SQLException e) {
        if (isConnectionLoss(e)) {
            return new DatabaseUnavailableException("Lost the connection to PostgreSQL while applying " + migration.label()
                    + ": " + e.getMessage() + " [SQLSTATE " + e.getSQLState() + "]. "
                    + (migration.transactional() ? "Its transaction was rolled back by the server;"
                            : "It is non-transactional and may be partly applied; its idempotent SQL is")
                    + " run again by the next run.", e);
        }
        int line = sql == null ? 0 : sql.line();
        String message = e.getMessage();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            message = server.getMessage();
            if (server.getDetail() != null) {
                message += " (detail: " + server.getDetail() + ")";
            }
            if (server.getHint() != null) {
                message += " (hint: " + server.getHint() + ")";
            }
            if (server.getWhere() != null) {
                message += " (where: " + server.getWhere().replace('\n', ' ') + ")";
            }
            if (sql != null && server.getPosition() > 0) {
                line = sql.lineOf(server.getPosition());
            }
        }
        return new MigrationFailedException(migration.family(), migration.version(), migration.script(), line,
                e.getSQLState(), message, sql == null ? null : sql.text(), e);
    }

    /** Connection failures (class 08) and the server ending the session (57P01..57P03). */
    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
