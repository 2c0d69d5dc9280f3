package io.kubernaut.schema.migrator;

import java.time.OffsetDateTime;

/**
 * The PostgreSQL session that holds a schema's migration lock, from {@code pg_stat_activity}.
 *
 * @param pid             the backend process id
 * @param applicationName its {@code application_name}, possibly empty
 * @param user            the user it connected as
 * @param clientAddress   the client address, or empty for a Unix socket
 * @param sessionStart    when the session connected
 * @param state           its state ({@code active}, {@code idle}, {@code idle in transaction}, ...)
 * @param stateSince      when it entered that state
 * @since 0.1.0
 */
public record LockHolder(int pid, String applicationName, String user, String clientAddress,
        OffsetDateTime sessionStart, String state, OffsetDateTime stateSince) {

    /** For messages: "pid 4242 (application_name 'schema-migrator', user 'app', ...)". */
    public String describe() {
        return "pid " + pid + " (application_name '" + applicationName + "', user '" + user + "'"
                + (clientAddress == null || clientAddress.isEmpty() ? "" : ", client " + clientAddress)
                + ", connected since " + sessionStart + ", " + state + " since " + stateSince + ")";
    }
}
