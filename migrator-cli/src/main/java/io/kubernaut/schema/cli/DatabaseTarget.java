package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.ServerChoice;

/**
 * The database a command works on, and where each part of it came from, as {@link ConnectionOptions}
 * resolved it: a URL with credentials, or an embedded PostgreSQL.
 *
 * @param url            the JDBC URL (credentials of a libpq URL taken out), or null for an embedded PostgreSQL
 * @param urlSource      where the URL came from ("command line", "environment MIGRATOR_URL", "DATABASE_URL", …),
 *                       or for an embedded PostgreSQL why it is used
 * @param user           the user, or null when the URL or the driver decides
 * @param userSource     where the user came from, or null
 * @param password       the password, or null (the driver then reads PGPASSFILE or ~/.pgpass)
 * @param passwordSource where the password came from, or null
 */
record DatabaseTarget(String url, String urlSource, String user, String userSource, String password,
        String passwordSource) {

    /** An embedded PostgreSQL, used for {@code reason}. */
    static DatabaseTarget embedded(String reason) {
        return new DatabaseTarget(null, reason, null, null, null, null);
    }

    /** Whether this is an embedded PostgreSQL started for the command. */
    boolean embedded() {
        return url == null;
    }

    /** The server this target names, for a command that works on a server rather than one database. */
    ServerChoice serverChoice() {
        return embedded() ? ServerChoice.embedded(urlSource) : ServerChoice.external(url, user, password, urlSource);
    }
}
