package io.kubernaut.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service over HTTP: the table it writes exists because the starter applied audit_events at start-up. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuditServiceTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedPostgres.register(registry);
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void recordsAnEventAndReadsTheTrailBack() {
        ResponseEntity<Map> created = http.postForEntity("/events", Map.of("type", "gateway.signal.received",
                "correlationId", "rr-42", "outcome", "success", "data", Map.of("signal", "pod-crash")), Map.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        JsonNode trail = http.getForObject("/events/rr-42", JsonNode.class);
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).get("type").asText()).isEqualTo("gateway.signal.received");
        assertThat(trail.get(0).get("id").asText()).isEqualTo(created.getBody().get("id"));
        assertThat(trail.get(0).get("data").asText()).contains("pod-crash");
    }

    @Test
    void theActuatorShowsTheOnlyFamilyOnTheClassPathUpToDate() {
        JsonNode registry = http.getForObject("/actuator/schemaregistry", JsonNode.class);

        assertThat(registry.get("families")).hasSize(1);
        assertThat(registry.get("families").get(0).get("name").asText()).isEqualTo("audit_events");
        assertThat(registry.get("families").get(0).get("state").asText()).isEqualTo("UP_TO_DATE");
        assertThat(registry.get("families").get(0).get("driftState").asText()).isEqualTo("MATCHES");
        assertThat(http.getForObject("/actuator/health", JsonNode.class).get("status").asText()).isEqualTo("UP");
    }
}
