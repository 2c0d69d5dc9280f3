package io.kubernaut.schema.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Under {@code verify-on-start=fail}, a table altered after the start turns the health contributor
 * DOWN and the endpoint reports the difference.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,schemaregistry",
                "management.endpoint.health.show-details=always", "schema.registry.verify-on-start=fail",
                "schema.registry.tables=audit_events"})
class DriftHealthTest {

    static final String URL = Databases.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, URL);
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void anIndexDroppedAfterTheStartTurnsHealthDownAndShowsInTheEndpoint() throws Exception {
        assertThat(http.getForEntity("/actuator/health/schemaRegistry", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        Databases.execute(URL, "DROP INDEX idx_audit_events_outcome");

        ResponseEntity<String> health = http.getForEntity("/actuator/health/schemaRegistry", String.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        JsonNode json = new ObjectMapper().readTree(health.getBody());
        assertThat(json.get("status").asText()).isEqualTo("DOWN");
        assertThat(json.get("details").get("differences").get(0).asText()).contains("idx_audit_events_outcome");

        JsonNode endpoint = new ObjectMapper().readTree(http.getForObject("/actuator/schemaregistry", String.class));
        assertThat(endpoint.get("drift").asBoolean()).isTrue();
        assertThat(endpoint.get("families").get(0).get("driftState").asText()).isEqualTo("DRIFTED");
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
}
