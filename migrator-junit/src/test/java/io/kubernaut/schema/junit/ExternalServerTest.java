package io.kubernaut.schema.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.postgres.EmbeddedServer;
import io.kubernaut.schema.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs against a server that outlives test runs, as a shared CI database would. */
class ExternalServerTest {

    private static EmbeddedServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, String> external() {
        return Map.of("schema.test.server", "external", "schema.test.jdbc-url", server.jdbcUrl("postgres"),
                "schema.test.user", server.user());
    }

    private static List<String> databases(String pattern) throws Exception {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE '" + pattern + "' ORDER BY datname")) {
            List<String> names = new ArrayList<>();
            while (result.next()) {
                names.add(result.getString(1));
            }
            return names;
        }
    }

    @Test
    void externalServerGetsOneTemplatePerSelectionReusedByLaterRunsAndNoLeftoverDatabases() throws Exception {
        Map<String, String> parameters = external();
        SchemaExtensionTest.run(parameters, SchemaExtensionTest.FirstIsolationSample.class,
                SchemaExtensionTest.SecondIsolationSample.class, SchemaExtensionTest.TypedQueriesSample.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(3).failed(0));
        assertThat(SchemaExtensionTest.SEEN).allSatisfy(database -> assertThat(database.server()).isEqualTo("external"));
        List<String> templates = databases("schema\\_tpl\\_%");

        SchemaExtensionTest.run(parameters, SchemaExtensionTest.FirstIsolationSample.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(templates).hasSize(2);
        assertThat(databases("schema\\_tpl\\_%")).isEqualTo(templates);
        assertThat(databases("schema\\_test\\_%")).isEmpty();
    }

    @Test
    void databasesLeftByADeadRunAreDropped() throws Exception {
        server.createDatabase("schema_test_deadbeef_1", null);

        SchemaExtensionTest.run(external(), SchemaExtensionTest.TypedQueriesSample.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(databases("schema\\_test\\_%")).isEmpty();
    }
}
