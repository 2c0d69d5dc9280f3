package io.kubernaut.schema.postgres;

import io.kubernaut.schema.migrator.compat.ScratchDatabases;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The scratch databases of a compatibility check, created empty on a server and dropped from it (its
 * user needs CREATEDB). Closing the server is the caller's.
 *
 * @since 0.1.0
 */
public final class ServerScratchDatabases implements ScratchDatabases {

    private final PostgresServer server;

    public ServerScratchDatabases(PostgresServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    @Override
    public DataSource create(String name) {
        server.createDatabase(name, null);
        return server.dataSource(name);
    }

    @Override
    public void drop(String name) {
        server.dropDatabase(name);
    }
}
