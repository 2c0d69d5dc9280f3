package io.kubernaut.schema.spring;

import static io.kubernaut.schema.workflows.Tables.WORKFLOWS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Spring Boot test the usual way, PostgreSQL from Testcontainers through {@code @ServiceConnection}:
 * the starter applies the families to the container's database. Skipped without a Docker engine unless
 * {@code schema.test.require-docker=true} (CI), where a missing engine fails it.
 */
@SpringBootTest(classes = TestApplication.class, properties = "spring.main.web-application-type=none")
class ServiceConnectionTest {

    @ServiceConnection
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>(
            DockerImageName.parse(System.getProperty("schema.test.postgres-image", "postgres:17"))
                    .asCompatibleSubstituteFor("postgres"));

    @BeforeAll
    static void docker() {
        assumeTrue(Boolean.getBoolean("schema.test.require-docker") || DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: skipping the @ServiceConnection test");
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
