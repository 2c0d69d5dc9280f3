package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The settings of a session at one moment, and the statements that bring the session back to them:
 * every migration must start from the same state whatever the one before it did ({@code SET
 * search_path TO public} sent every later migration of the run into {@code public}; a {@code SET ROLE}
 * made the next ones run as another role; a temporary table shadowed a table of the target schema,
 * as {@code pg_temp} comes first in the search path).
 *
 * <p>The state is the session and current user, and every setting changed in the session ({@code
 * pg_settings.source = 'session'}, which includes the migrator's own {@code search_path}). The
 * statements are {@code RESET ALL}, one {@code SELECT set_config(…)} for the user, the role and those
 * settings, and {@code DISCARD TEMP}; they work inside a transaction, so they end a migration's batch
 * without a round trip of their own.
 *
 * @param sessionUser the session user
 * @param currentUser the current user (another than the session user after {@code SET ROLE})
 * @param names       the settings changed in the session
 * @param values      their values, in the same order
 */
record SessionState(String sessionUser, String currentUser, List<String> names, List<String> values) {

    /** Statements that change the schema, not the session (see {@link #mayChange}). */
    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE");

    SessionState {
        names = List.copyOf(names);
        values = List.copyOf(values);
    }

    /** The state of {@code connection}'s session now. */
    static SessionState capture(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT session_user, current_user,"
                        + " (SELECT array_agg(name ORDER BY name) FROM pg_settings WHERE source = 'session'),"
                        + " (SELECT array_agg(setting ORDER BY name) FROM pg_settings WHERE source = 'session')")) {
            result.next();
            return new SessionState(result.getString(1), result.getString(2), strings(result.getArray(3)),
                    strings(result.getArray(4)));
        }
    }

    /** The statements that bring a session back to this state, dropping its temporary tables. */
    List<String> restore() {
        List<String> statements = new ArrayList<>(settings());
        statements.add("DISCARD TEMP");
        return statements;
    }

    /** The statements that bring a session's settings and role back to this state; its temporary tables stay. */
    List<String> settings() {
        List<String> names = new ArrayList<>(List.of("session_authorization", "role"));
        List<String> values = new ArrayList<>(List.of(sessionUser, sessionUser.equals(currentUser) ? "none" : currentUser));
        names.addAll(this.names);
        values.addAll(this.values);
        // Unnest keeps the order: the session user first (setting it changes what a role may be), then the role.
        return List.of("RESET ALL", "SELECT count(set_config(n, v, false)) FROM unnest(" + array(names) + ", "
                + array(values) + ") AS t(n, v)");
    }

    /**
     * Whether {@code statements} may change the session: anything but plain DDL ({@code CREATE},
     * {@code ALTER}, {@code DROP}, {@code COMMENT}, {@code GRANT}, {@code REVOKE}) may ({@code SET},
     * {@code RESET}, {@code DO}, {@code CALL}, queries), and DDL may when it mentions a temporary object
     * or {@code set_config}. The reset costs the server about 0.1–0.3 ms per migration, 5–15 % of
     * applying a migration of a few DDL statements (docs/benchmarks.md), so DDL-only scripts skip it.
     * A function that changes a setting while DDL runs it (a column default, an index expression) is
     * not seen; DO blocks, CALL and queries always count.
     */
    static boolean mayChange(List<SqlStatement> statements) {
        for (SqlStatement statement : statements) {
            String text = statement.text();
            int end = 0;
            while (end < text.length() && Character.isLetter(text.charAt(end))) {
                end++;
            }
            String first = text.substring(0, end).toUpperCase(Locale.ROOT);
            if (!DDL.contains(first) || containsIgnoreCase(text, "TEMP") || containsIgnoreCase(text, "set_config")) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            result.add(String.valueOf(value));
        }
        return result;
    }

    private static String array(List<String> values) {
        StringBuilder sql = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.size(); i++) {
            // E'' reads the same whatever standard_conforming_strings is.
            sql.append(i == 0 ? "" : ", ").append("E'").append(values.get(i).replace("\\", "\\\\").replace("'", "\\'"))
                    .append('\'');
        }
        return sql.append("]::text[]").toString();
    }
}
