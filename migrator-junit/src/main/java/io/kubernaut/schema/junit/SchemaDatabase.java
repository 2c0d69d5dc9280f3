package io.kubernaut.schema.junit;

/**
 * The database a test got, for code that connects by itself (a service's own configuration).
 *
 * @param jdbcUrl  the JDBC URL; its search path is {@link #schema()} ({@code currentSchema})
 * @param user     the user
 * @param password the password (never printed by {@link #toString()})
 * @param database the database name
 * @param schema   the schema the families were applied to
 * @param server   where the server runs: {@code embedded}, {@code testcontainers} or {@code external}
 * @since 0.1.0
 */
public record SchemaDatabase(String jdbcUrl, String user, String password, String database, String schema,
        String server) {

    @Override
    public String toString() {
        return "SchemaDatabase[jdbcUrl=" + jdbcUrl + ", user=" + user + ", database=" + database + ", schema=" + schema
                + ", server=" + server + "]";
    }
}
