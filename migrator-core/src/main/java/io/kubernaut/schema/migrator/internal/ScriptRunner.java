package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs a migration's statements on a connection and turns a failure into a precise error. */
final class ScriptRunner {

    private ScriptRunner() {
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
