package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.postgres.ServerChoice;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The extension's settings choose the server through migrator-postgres's {@link ServerChoice}. */
class ServerChoiceTest {

    private static Settings settings(Map<String, String> parameters, Map<String, String> environment) {
        return new Settings(key -> Optional.ofNullable(parameters.get(key)), environment::get);
    }

    @Test
    void externalUrlWinsOverDocker() {
        ServerChoice choice = settings(Map.of("schema.test.jdbc-url", "jdbc:postgresql://db/x"), Map.of()).serverChoice(() -> true);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EXTERNAL);
    }

    @Test
    void environmentVariableIsReadWhenNoParameterIsSet() {
        ServerChoice choice = settings(Map.of(), Map.of("SCHEMA_TEST_JDBC_URL", "jdbc:postgresql://db/x")).serverChoice(() -> false);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EXTERNAL);
    }

    @Test
    void dockerIsUsedWhenReachable() {
        assertThat(settings(Map.of(), Map.of()).serverChoice(() -> true).kind())
                .isEqualTo(ServerChoice.Kind.TESTCONTAINERS);
    }

    @Test
    void embeddedIsTheFallback() {
        ServerChoice choice = settings(Map.of(), Map.of()).serverChoice(() -> false);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EMBEDDED);
        assertThat(choice.reason()).contains("no Docker engine");
    }

    @Test
    void configuredKindSkipsDetection() {
        assertThat(settings(Map.of("schema.test.server", "embedded"), Map.of()).serverChoice(() -> {
            throw new AssertionError("Docker must not be probed");
        }).kind()).isEqualTo(ServerChoice.Kind.EMBEDDED);
    }

    @Test
    void externalWithoutUrlIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("schema.test.server", "external"), Map.of()).serverChoice(() -> false))
                .hasMessage("schema.test.server=external needs schema.test.jdbc-url (or SCHEMA_TEST_JDBC_URL)");
    }

    @Test
    void unknownKindIsRefused() {
        assertThatThrownBy(() -> settings(Map.of("schema.test.server", "docker"), Map.of()).serverChoice(() -> false))
                .hasMessageContaining("auto, external, testcontainers or embedded");
    }
}
