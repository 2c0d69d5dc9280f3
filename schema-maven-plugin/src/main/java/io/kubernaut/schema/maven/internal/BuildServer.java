package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;

/**
 * The embedded PostgreSQL of a build, started on first use and shared by every family module of
 * the build: Maven keeps one class realm per plugin version, so this static outlives one module.
 * Stopped when Maven's JVM exits.
 */
public final class BuildServer {

    private static PostgresServer server;

    private BuildServer() {
    }

    /** The shared server; true in {@code started[0]} when this call started it. */
    public static synchronized PostgresServer get(boolean[] started) {
        if (server == null) {
            server = EmbeddedServer.start();
            PostgresServer stopping = server;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping::close, "schema-registry-build-postgres"));
            started[0] = true;
        }
        return server;
    }
}
