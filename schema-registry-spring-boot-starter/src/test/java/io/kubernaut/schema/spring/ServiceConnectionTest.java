package io.kubernaut.schema.spring;

import static io.kubernaut.schema.workflows.Tables.WORKFLOWS;
import static org.assertj.core.api.Assertions.assertThat;

import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Spring Boot test the usual way, PostgreSQL from Testcontainers through {@code @ServiceConnection}:
 * the starter applies the families to the container's database. Skipped without a Docker engine unless
 * {@code schema.test.require-docker=true} (CI), where a missing engine fails it. The check is a condition,
 * not an assumption in {@code @BeforeAll}: Spring's {@code @ServiceConnection} support resolves the
 * container's image while building the test context, before any {@code @BeforeAll} runs.
 */
@EnabledIf(value = "dockerReachableOrRequired", disabledReason = "No Docker engine reachable: skipping the @ServiceConnection test")
@SpringBootTest(classes = TestApplication.class, properties = "spring.main.web-application-type=none")
class ServiceConnectionTest {

    @ServiceConnection
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(
            DockerImageName.parse(System.getProperty("schema.test.postgres-image", "postgres:17"))
                    .asCompatibleSubstituteFor("postgres"));

    static boolean dockerReachableOrRequired() {
        return Boolean.getBoolean("schema.test.require-docker") || DockerClientFactory.instance().isDockerAvailable();
    }

    @Autowired
    DSLContext dsl;

    @Test
    void theFamiliesAreAppliedToTheServiceConnectionsDatabase() {
        dsl.insertInto(WORKFLOWS).set(WORKFLOWS.WORKFLOW_NAME, "restart-pod").execute();

        assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
        assertThat(dsl.fetchValue("SELECT count(*) FROM schema_registry_history WHERE success", Long.class)).isEqualTo(6L);
        assertThat(POSTGRES.isRunning()).isTrue();
    }
}
