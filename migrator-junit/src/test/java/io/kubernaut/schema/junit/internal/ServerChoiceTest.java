package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {

    private static Settings settings(Map<String, String> parameters, Map<String, String> environment) {
        return new Settings(key -> Optional.ofNullable(parameters.get(key)), environment::get);
    }

    @Test
    void externalUrlWinsOverDocker() {
        ServerChoice choice = ServerChoice.choose(settings(Map.of("schema.test.jdbc-url", "jdbc:postgresql://db/x"), Map.of()),
                () -> true);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EXTERNAL);
    }

    @Test
    void environmentVariableIsReadWhenNoParameterIsSet() {
        ServerChoice choice = ServerChoice.choose(settings(Map.of(), Map.of("SCHEMA_TEST_JDBC_URL", "jdbc:postgresql://db/x")),
                () -> false);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EXTERNAL);
    }

    @Test
    void dockerIsUsedWhenReachable() {
        assertThat(ServerChoice.choose(settings(Map.of(), Map.of()), () -> true).kind())
                .isEqualTo(ServerChoice.Kind.TESTCONTAINERS);
    }

    @Test
    void embeddedIsTheFallback() {
        ServerChoice choice = ServerChoice.choose(settings(Map.of(), Map.of()), () -> false);

        assertThat(choice.kind()).isEqualTo(ServerChoice.Kind.EMBEDDED);
        assertThat(choice.reason()).contains("no Docker engine");
    }

    @Test
    void configuredKindSkipsDetection() {
        assertThat(ServerChoice.choose(settings(Map.of("schema.test.server", "embedded"), Map.of()), () -> {
            throw new AssertionError("Docker must not be probed");
        }).kind()).isEqualTo(ServerChoice.Kind.EMBEDDED);
    }

    @Test
    void externalWithoutUrlIsRefused() {
        assertThatThrownBy(() -> ServerChoice.choose(settings(Map.of("schema.test.server", "external"), Map.of()), () -> false))
                .hasMessageContaining("schema.test.jdbc-url");
    }

    @Test
    void unknownKindIsRefused() {
        assertThatThrownBy(() -> ServerChoice.choose(settings(Map.of("schema.test.server", "docker"), Map.of()), () -> false))
                .hasMessageContaining("auto, external, testcontainers or embedded");
    }
}
