package io.kubernaut.schema.spring;

import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with the starter, jOOQ, JDBC, the web server and the actuator, on a
 * fresh database of the embedded PostgreSQL: beans that query the families' tables while the context
 * starts find them, and the actuator reports what was applied.
 */
@SpringBootTest(classes = StartupTest.Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,schemaregistry",
                "management.endpoint.health.show-details=always"})
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    static final String URL = Databases.fresh();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, URL);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({AuditTrailAtStartup.class, WorkflowsAtStartup.class})
    static class Application {
    }

    /** Queries audit_events through jOOQ while the context starts: the DSLContext must come after the migration. */
    @Component
    static class AuditTrailAtStartup {

        final int eventsAtStartup;

        AuditTrailAtStartup(DSLContext dsl) {
            dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "gateway.signal.received")
                    .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
            eventsAtStartup = dsl.fetchCount(AUDIT_EVENTS);
        }
    }

    /** The same through JdbcTemplate. */
    @Component
    static class WorkflowsAtStartup {

        final int workflowsAtStartup;

        WorkflowsAtStartup(JdbcTemplate jdbc) {
            workflowsAtStartup = jdbc.queryForObject("SELECT count(*) FROM workflow_versions", Integer.class);
        }
    }

    @Autowired
    AuditTrailAtStartup auditTrail;

    @Autowired
    WorkflowsAtStartup workflows;

    @Autowired
    TestRestTemplate http;

    @Test
    void beansThatQueryTheFamiliesWhileTheContextStartsFindTheirTables() {
        assertThat(auditTrail.eventsAtStartup).isEqualTo(1);
        assertThat(workflows.workflowsAtStartup).isZero();
        assertThat(Databases.query(URL, "SELECT string_agg(family || ':' || version, ',' ORDER BY family, version)"
                + " FROM schema_registry_history WHERE success"))
                .isEqualTo("audit_events:1,audit_events:2,audit_events:3,audit_events:4,workflows:1,workflows:2");
    }

    @Test
    void endpointListsTheFamiliesTheirVersionsAndDriftState() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/actuator/schemaregistry", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode json = new ObjectMapper().readTree(response.getBody());
        assertThat(json.get("schema").asText()).isEqualTo("public");
        assertThat(json.get("drift").asBoolean()).isFalse();
        assertThat(json.get("verifyOnStart").asText()).isEqualTo("WARN");
        assertThat(json.get("off").isNull()).isTrue();
        JsonNode audit = json.get("families").get(0);
        assertThat(audit.get("name").asText()).isEqualTo("audit_events");
        assertThat(audit.get("artifactVersion").asText()).isNotBlank();
        assertThat(audit.get("state").asText()).isEqualTo("UP_TO_DATE");
        assertThat(audit.get("applied").toString()).isEqualTo("[1,2,3,4]");
        assertThat(audit.get("pending").toString()).isEqualTo("[]");
        assertThat(audit.get("driftState").asText()).isEqualTo("MATCHES");
        assertThat(json.get("families").get(1).get("name").asText()).isEqualTo("workflows");
        assertThat(json.get("startup").get("applied")).hasSize(6);
        assertThat(json.get("startup").get("applied").get(0).get("family").asText()).isEqualTo("audit_events");
        assertThat(json.get("startup").get("alreadyApplied").asInt()).isZero();
    }

    @Test
    void healthIsUpWithTheFamiliesInItsDetails() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/actuator/health/schemaRegistry", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode json = new ObjectMapper().readTree(response.getBody());
        assertThat(json.get("status").asText()).isEqualTo("UP");
        assertThat(json.get("details").get("drift").asBoolean()).isFalse();
        assertThat(json.get("details").get("families").get("audit_events").asText()).isEqualTo("matches its snapshot");
    }

    @Test
    void theMigratorLogsThroughSpringBootsLogging(CapturedOutput output) {
        // Logback's pattern (level, logger): the migrator's SLF4J lines went through Boot's logging system.
        // The context was started before this test; Boot keeps one per test class, so read the whole run's output.
        assertThat(output.getAll()).containsPattern("INFO .*io\\.kubernaut\\.schema\\.migrator\\s*: Applied audit_events V1");
    }
}
