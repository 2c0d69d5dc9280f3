package io.kubernaut.schema.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names that need quoting stay one database through creation, copy, rename and drop. */
class DatabaseStatementsTest {

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void quotingIsPgjdbcsAndRefusesWhatCannotBeAnIdentifier() {
        assertThat(Identifiers.quote("my\"db")).isEqualTo("\"my\"\"db\"");
        assertThatThrownBy(() -> Identifiers.quote("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifiers.quote("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a valid PostgreSQL identifier");
    }

    @Test
    void aNameWithCapitalsSpacesAndQuotesIsCreatedCopiedRenamedAndDropped() throws SQLException {
        String name = "Orders \"v1\"; DROP";
        server.createDatabase(name, null);
        execute(name, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (7)");

        execute(PostgresServer.MAINTENANCE_DATABASE, DatabaseStatements.copy(name + " copy", name, "file_copy"));
        execute(PostgresServer.MAINTENANCE_DATABASE, DatabaseStatements.rename(name + " copy", name + " Renamed"));

        assertThat(databases()).contains(name, name + " Renamed").doesNotContain(name + " copy");
        assertThat(rows(name + " Renamed", "SELECT id FROM orders")).containsExactly("7");

        server.dropDatabase(name);
        server.dropDatabase(name + " Renamed");
        assertThat(databases()).doesNotContain(name, name + " Renamed");
    }

    @Test
    void anUnknownStrategyIsRefusedBeforeAnySqlRuns() {
        assertThatThrownBy(() -> DatabaseStatements.copy("a", "b", "sideways"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'sideways'");
        assertThat(DatabaseStatements.copy("a", "b", null)).isEqualTo("CREATE DATABASE \"a\" TEMPLATE \"b\"");
    }

    private static List<String> databases() throws SQLException {
        return rows(PostgresServer.MAINTENANCE_DATABASE, "SELECT datname FROM pg_database");
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = server.dataSource(database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        try (Connection connection = server.dataSource(database).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
