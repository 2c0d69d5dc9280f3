package io.kubernaut.schema.postgres;

/** Identifier quoting for the few statements this module writes itself. */
final class Sql {

    private Sql() {
    }

    static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Not a valid PostgreSQL identifier: '" + identifier + "'");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
