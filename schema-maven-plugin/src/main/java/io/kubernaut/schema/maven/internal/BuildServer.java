package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;

/**
 * The embedded PostgreSQL of a build, started on first use and shared by every family module of
 * the build: Maven keeps one class realm per plugin version, so this static outlives one module.
 * Stopped when Maven's JVM exits, by a hook that needs no class of the (by then closed) plugin realm.
 */
public final class BuildServer {

    private static PostgresServer server;

    private BuildServer() {
    }

    /** The shared server; true in {@code started[0]} when this call started it. */
    public static synchronized PostgresServer get(boolean[] started) {
        if (server == null) {
            EmbeddedServer embedded = EmbeddedServer.builder().closeOnExit(false).start();
            embedded.stopOnExit();
            server = embedded;
            started[0] = true;
        }
        return server;
    }
}
