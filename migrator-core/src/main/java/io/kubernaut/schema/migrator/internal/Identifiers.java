package io.kubernaut.schema.migrator.internal;

import java.sql.SQLException;
import org.postgresql.core.Utils;

/**
 * Quoting of identifiers the migrator puts into SQL itself (schema names may be anything), by pgjdbc's
 * own escaping. The tools quote through migrator-postgres's {@code Identifiers}, which escapes the same
 * way; the migrator cannot use it, since migrator-postgres depends on this module.
 */
final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted PostgreSQL identifier: {@code my"schema} becomes {@code "my""schema"}. */
    static String quote(String name) {
        try {
            return Utils.escapeIdentifier(null, name).toString();
        } catch (SQLException e) {
            throw new IllegalArgumentException("Not a valid PostgreSQL identifier: '" + name + "': " + e.getMessage(), e);
        }
    }
}
