package io.kubernaut.schema.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.ConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {

    private static final ServerChoice.SettingNames NAMES = new ServerChoice.SettingNames("tool.server", "tool.url", null);

    @Test
    void theEmbeddedChoiceStartsAServerAndTheExternalOneConnectsToItWithoutOwningIt() throws Exception {
        ServerChoice embedded = ServerChoice.choose(new ServerChoice.Settings(null, null, null, null, null), () -> false, NAMES);
        assertThat(embedded.kind()).isEqualTo(ServerChoice.Kind.EMBEDDED);
        assertThat(embedded.reason()).isEqualTo("no tool.url and no Docker engine");
        try (PostgresServer started = embedded.start()) {
            ServerChoice external = ServerChoice.choose(new ServerChoice.Settings("auto",
                    started.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE), started.user(), null, null), () -> {
                        throw new AssertionError("a given URL needs no Docker");
                    }, NAMES);
            assertThat(external.startsServer()).isFalse();
            try (PostgresServer connected = external.start()) {
                assertThat(connected.kind()).isEqualTo("external");
                try (Connection connection = connected.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT current_user")) {
                    result.next();
                    assertThat(result.getString(1)).isEqualTo(started.user());
                }
            }
            // Closing the external one left the server running.
            try (Connection connection = started.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void theChoiceNeverShowsThePassword() {
        ServerChoice choice = ServerChoice.choose(new ServerChoice.Settings("external",
                "jdbc:postgresql://db:5432/app?password=in-url", "app", "s3cret", null), () -> false, NAMES);

        assertThat(choice.toString()).doesNotContain("s3cret", "in-url").contains("external", "tool.server=external");
        assertThat(new ServerChoice.Settings(null, "jdbc:postgresql://db/app", "app", "s3cret", null).toString())
                .doesNotContain("s3cret");
    }

    @Test
    void misconfigurationIsNamedInTheToolsOwnWords() {
        assertThatThrownBy(() -> ServerChoice.choose(new ServerChoice.Settings("external", null, null, null, null),
                () -> false, new ServerChoice.SettingNames("tool.server", "tool.url", "TOOL_URL")))
                .isInstanceOf(ConfigurationException.class).hasMessage("tool.server=external needs tool.url (or TOOL_URL)");
        assertThatThrownBy(() -> ServerChoice.choose(new ServerChoice.Settings("Docker", null, null, null, null),
                () -> false, NAMES))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("tool.server must be auto, external, testcontainers or embedded, was 'Docker'");
    }
}
