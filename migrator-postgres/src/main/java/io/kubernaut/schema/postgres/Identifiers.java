package io.kubernaut.schema.postgres;

import java.sql.SQLException;
import org.postgresql.core.Utils;

/**
 * Quoting of the identifiers (database, schema names) the registry's tools put into SQL themselves,
 * done by pgjdbc's own escaping, so a name with capitals, spaces or quotes stays one identifier.
 *
 * @since 0.1.0
 */
public final class Identifiers {

    private Identifiers() {
    }

    /**
     * {@code name} as a quoted PostgreSQL identifier: {@code my"db} becomes {@code "my""db"}.
     *
     * @throws IllegalArgumentException when {@code name} is null, empty or contains a zero byte
     */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Not a valid PostgreSQL identifier: '" + name + "'");
        }
        try {
            return Utils.escapeIdentifier(null, name).toString();
        } catch (SQLException e) {
            throw new IllegalArgumentException("Not a valid PostgreSQL identifier: '" + name + "': " + e.getMessage(), e);
        }
    }
}
