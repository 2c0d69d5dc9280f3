package io.kubernaut.schema.junit;

import io.kubernaut.schema.postgres.ContainerServer;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that run sample classes through the JUnit engine: when the extension skips those samples
 * (the Testcontainers run of this module without a Docker engine), the counts they expect cannot
 * hold, so they are skipped too. When Docker is required (CI), nothing is skipped: the samples fail
 * with the extension's message instead.
 */
final class ConfiguredServer {

    private ConfiguredServer() {
    }

    /** Aborts the calling test when the extension would skip every {@code @SchemaTest} of this run. */
    static void assumeItRuns() {
        boolean testcontainers = "testcontainers".equalsIgnoreCase(System.getProperty("schema.test.server", ""));
        boolean required = Boolean.parseBoolean(System.getProperty("schema.test.require-docker", "false"));
        Assumptions.assumeTrue(!testcontainers || required || ContainerServer.dockerAvailable(),
                "No Docker engine reachable: skipping the Testcontainers run");
    }
}
