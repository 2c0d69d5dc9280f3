package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs a migration's statements on a connection and turns a failure into a precise error. */
final class ScriptRunner {

    /** query_canceled: pg_cancel_backend, statement_timeout, or a client's cancel request. */
    static final String CANCELLED = "57014";

    /** The first number of a message, with the grouping separators a language may put in it. */
    private static final Pattern ENTRY_NUMBER = Pattern.compile("[0-9][0-9,.\u00a0\u202f']*");

    private ScriptRunner() {
    }

    /**
     * Executes every statement of {@code prepared}, then {@code epilogue} (statements of the migrator's
     * own, such as the reset of the session), each statement at most once: a failure is located
     * without running anything again.
     *
     * <p>With {@code pipelined} (the migration runs inside a transaction, opened on {@code connection}),
     * the statements go to PostgreSQL as one JDBC batch, which pgjdbc sends in one round trip instead of
     * one round trip each (a script of k statements waited k times for the server, which made applying
     * measurably slower than plain JDBC executing the files, see docs/benchmarks.md). Each statement
     * stays a batch entry of its own, so pgjdbc reads it exactly as when it was sent alone. When an
     * entry fails, the server skips the rest and the caller rolls the transaction back. pgjdbc's
     * {@link BatchUpdateException} has no usable update counts then (every entry is
     * {@code EXECUTE_FAILED} inside a transaction), but its message names the failing entry ("Batch
     * entry 3 … was aborted"), which {@link #failedEntry} reads and checks against the statements.
     *
     * <p>Without {@code pipelined} (a non-transactional migration) the statements run one by one, each
     * committed as it completes; a failure says which statements before it committed.
     *
     * @throws MigrationFailedException     when PostgreSQL rejects a statement
     * @throws DatabaseUnavailableException when the connection is lost
     */
    static void run(Connection connection, PreparedMigration prepared, boolean pipelined, List<String> epilogue) {
        List<SqlStatement> statements = prepared.statements();
        if (!pipelined) {
            run(connection, prepared);
            runEpilogue(connection, prepared.migration(), epilogue);
            return;
        }
        List<String> entries = new ArrayList<>(statements.size() + epilogue.size());
        statements.forEach(s -> entries.add(s.text()));
        entries.addAll(epilogue);
        if (entries.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            // Scripts are PostgreSQL SQL, not JDBC: braces in JSON literals are not JDBC escapes.
            statement.setEscapeProcessing(false);
            try {
                for (String entry : entries) {
                    statement.addBatch(entry);
                }
            } catch (SQLException e) {
                // pgjdbc refuses a batch entry it reads as several statements (where its parser and
                // SqlScript disagree); nothing was sent: run one by one.
                run(connection, prepared);
                runEpilogue(connection, prepared.migration(), epilogue);
                return;
            }
            statement.executeBatch();
        } catch (SQLException e) {
            // A BatchUpdateException says "batch entry n was aborted"; the server's error is the next one.
            SQLException server = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
            if (isConnectionLoss(server) || isConnectionLoss(e)) {
                throw failure(prepared.migration(), null, server);
            }
            int entry = e instanceof BatchUpdateException batch ? failedEntry(batch, entries) : -1;
            throw failure(prepared.migration(), entry >= 0 && entry < statements.size() ? statements.get(entry) : null, server);
        }
    }

    /**
     * The index of the batch entry whose failure {@code e} reports, or -1 when it cannot be told.
     * pgjdbc says it only in its message, {@code Batch entry <n> <statement> was aborted: …}, translated
     * to the JVM's language; the number is taken when the statement it points to is the one the
     * message quotes (pgjdbc quotes it unless {@code logServerErrorDetail=false}), else the only
     * entry the message quotes.
     */
    static int failedEntry(BatchUpdateException e, List<String> entries) {
        String message = String.valueOf(e.getMessage());
        Matcher number = ENTRY_NUMBER.matcher(message);
        if (number.find()) {
            String digits = number.group().replaceAll("[^0-9]", "");
            if (digits.length() < 10) {
                int entry = Integer.parseInt(digits);
                if (entry < entries.size() && (message.contains(entries.get(entry)) || message.contains("<unknown>"))) {
                    return entry;
                }
            }
        }
        int quoted = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (message.contains(entries.get(i))) {
                if (quoted >= 0) {
                    return -1;
                }
                quoted = i;
            }
        }
        return quoted;
    }

    private static void runEpilogue(Connection connection, PlannedMigration migration, List<String> epilogue) {
        if (epilogue.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : epilogue) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw failure(migration, null, e);
        }
    }

    /**
     * Executes every statement of {@code prepared}, one by one so a failure is known to the statement.
     * Outside a transaction each statement commits as it completes: the error of a non-transactional
     * migration says which statements before the failing one committed.
     *
     * @throws MigrationFailedException     when PostgreSQL rejects a statement
     * @throws DatabaseUnavailableException when the connection is lost
     */
    static void run(Connection connection, PreparedMigration prepared) {
        List<SqlStatement> statements = prepared.statements();
        try (Statement statement = connection.createStatement()) {
            // Scripts are PostgreSQL SQL, not JDBC: braces in JSON literals are not JDBC escapes.
            statement.setEscapeProcessing(false);
            for (int i = 0; i < statements.size(); i++) {
                SqlStatement sql = statements.get(i);
                try {
                    statement.execute(sql.text());
                } catch (SQLException e) {
                    RuntimeException failure = failure(prepared.migration(), sql, e);
                    if (failure instanceof MigrationFailedException migrationFailure && !prepared.migration().transactional()) {
                        throw withCommitted(migrationFailure, statements.subList(0, i));
                    }
                    throw failure;
                }
            }
        } catch (SQLException e) {
            throw failure(prepared.migration(), null, e);
        }
    }

    /** {@code e} of a non-transactional migration, its message saying which statements before the failing one committed. */
    private static MigrationFailedException withCommitted(MigrationFailedException e, List<SqlStatement> committed) {
        String note = committed.isEmpty() ? "No statement of this non-transactional migration had committed before it."
                : "The statement" + (committed.size() == 1 ? " before it (line " : "s before it (lines ")
                        + committed.stream().map(s -> String.valueOf(s.line())).collect(Collectors.joining(", "))
                        + (committed.size() == 1 ? ") was" : ") were") + " committed: this migration runs outside a"
                        + " transaction, so they stay.";
        note += " The failure is recorded in the history and the next run runs the whole script again, its"
                + " statements being idempotent.";
        return new MigrationFailedException(e.family(), e.version(), e.script(), e.line(), e.sqlState(),
                e.serverMessage() + ". " + note, e.statement(), e.getCause());
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
        String cancelled = CANCELLED.equals(e.getSQLState()) ? "cancelled by an administrator or a statement_timeout"
                + " (the migrator does not retry it): " : "";
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
                e.getSQLState(), cancelled + message, sql == null ? null : sql.text(), e);
    }

    /** Connection failures (class 08) and the server ending the session (57P01..57P03). */
    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
