package io.kubernaut.audit;

import io.kubernaut.schema.postgres.EmbeddedServer;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The tests' PostgreSQL: one embedded server for the run, a fresh database per application context. A
 * service with Docker would declare a Testcontainers {@code @ServiceConnection PostgreSQLContainer}
 * instead; the starter migrates whichever DataSource Boot builds.
 */
final class EmbeddedPostgres {

    private static EmbeddedServer server;

    private EmbeddedPostgres() {
    }

    static synchronized void register(DynamicPropertyRegistry registry) {
        if (server == null) {
            server = EmbeddedServer.start();
            server.stopOnExit();
        }
        String database = "audit_" + UUID.randomUUID().toString().replace("-", "");
        server.createDatabase(database, null);
        registry.add("spring.datasource.url", () -> server.jdbcUrl(database));
        registry.add("spring.datasource.username", server::user);
    }
}
