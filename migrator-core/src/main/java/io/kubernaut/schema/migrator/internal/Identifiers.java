package io.kubernaut.schema.migrator.internal;

/** Quoting of identifiers the migrator puts into SQL itself (schema names may be anything). */
public final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted PostgreSQL identifier: {@code my"schema} becomes {@code "my""schema"}. */
    public static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
