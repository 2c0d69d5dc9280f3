package io.kubernaut.schema.postgres;

import java.util.Locale;
import java.util.Set;

/**
 * The statements that create, clone, rename and drop databases, built in this one place; they run on
 * a server's {@link PostgresServer#MAINTENANCE_DATABASE}.
 *
 * @since 0.1.0
 */
public final class DatabaseStatements {

    /** The {@code STRATEGY} values of {@code CREATE DATABASE} (PostgreSQL 15 and later). */
    private static final Set<String> STRATEGIES = Set.of("WAL_LOG", "FILE_COPY");

    private DatabaseStatements() {
    }

    /** {@code CREATE DATABASE}, empty. */
    public static String create(String database) {
        return "CREATE DATABASE " + Identifiers.quote(database);
    }

    /**
     * {@code CREATE DATABASE ... TEMPLATE}: a copy of {@code template}, which no other session may use
     * meanwhile.
     *
     * @param strategy {@code WAL_LOG}, {@code FILE_COPY}, or null for the server's default
     * @see <a href="https://www.postgresql.org/docs/current/sql-createdatabase.html">CREATE DATABASE</a>
     */
    public static String copy(String database, String template, String strategy) {
        String sql = create(database) + " TEMPLATE " + Identifiers.quote(template);
        if (strategy == null) {
            return sql;
        }
        String upper = strategy.toUpperCase(Locale.ROOT);
        if (!STRATEGIES.contains(upper)) {
            throw new IllegalArgumentException("Not a CREATE DATABASE strategy: '" + strategy + "'");
        }
        return sql + " STRATEGY " + upper;
    }

    /** {@code ALTER DATABASE ... RENAME TO}. */
    public static String rename(String database, String newName) {
        return "ALTER DATABASE " + Identifiers.quote(database) + " RENAME TO " + Identifiers.quote(newName);
    }

    /** {@code DROP DATABASE IF EXISTS ... WITH (FORCE)}: ends the sessions still connected to it (PostgreSQL 13+). */
    public static String drop(String database) {
        return "DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)";
    }
}
