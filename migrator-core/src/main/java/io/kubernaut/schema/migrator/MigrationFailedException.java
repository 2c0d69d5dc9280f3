package io.kubernaut.schema.migrator;

/**
 * A migration's SQL failed in PostgreSQL. Its transaction was rolled back (in all-or-nothing mode,
 * the whole run's); nothing after it ran. The message has the form
 * {@code migration 'audit_events' V3 (V3__legal_hold.sql:12) failed: <PostgreSQL message> [SQLSTATE 42703]}
 * followed by the failing statement.
 *
 * @since 0.1.0
 */
public final class MigrationFailedException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final String family;
    private final int version;
    private final String script;
    private final int line;
    private final String sqlState;
    private final String serverMessage;
    private final String statement;

    /**
     * @param family        the family
     * @param version       the migration version
     * @param script        the script file name
     * @param line          the line in the script where the error is (the failing statement's first
     *                      line, or the exact line when PostgreSQL gives a position); 0 when unknown
     * @param sqlState      PostgreSQL's SQLSTATE, or null
     * @param serverMessage PostgreSQL's message (with detail and hint when given)
     * @param statement     the failing statement, or null
     * @param cause         the driver's exception
     */
    public MigrationFailedException(String family, int version, String script, int line, String sqlState,
            String serverMessage, String statement, Throwable cause) {
        super(message(family, version, script, line, sqlState, serverMessage, statement), cause);
        this.family = family;
        this.version = version;
        this.script = script;
        this.line = line;
        this.sqlState = sqlState;
        this.serverMessage = serverMessage;
        this.statement = statement;
    }

    public String family() {
        return family;
    }

    public int version() {
        return version;
    }

    public String script() {
        return script;
    }

    /** The 1-based line in the script, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The SQLSTATE, e.g. {@code 42703}; null when the failure did not come from the server. */
    public String sqlState() {
        return sqlState;
    }

    public String serverMessage() {
        return serverMessage;
    }

    /** The failing statement, null when unknown. */
    public String statement() {
        return statement;
    }

    private static String message(String family, int version, String script, int line, String sqlState,
            String serverMessage, String statement) {
        StringBuilder text = new StringBuilder()
                .append("migration '").append(family).append("' V").append(version)
                .append(" (").append(script).append(line > 0 ? ":" + line : "").append(") failed: ")
                .append(serverMessage);
        if (sqlState != null) {
            text.append(" [SQLSTATE ").append(sqlState).append(']');
        }
        if (statement != null) {
            text.append("\n  statement: ").append(abbreviate(statement).replace("\n", "\n             "));
        }
        return text.toString();
    }

    private static String abbreviate(String statement) {
        String[] lines = statement.strip().split("\n", -1);
        if (lines.length <= 12) {
            return statement.strip();
        }
        return String.join("\n", java.util.Arrays.copyOf(lines, 12)) + "\n... (" + (lines.length - 12) + " more lines)";
    }
}
