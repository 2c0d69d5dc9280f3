package io.kubernaut.schema.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kubernaut.schema.postgres.ContainerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The image of {@code deploy/docker/Dockerfile}, built once per test run from the jars {@code package}
 * made (the CLI's runnable jar, this project's two families), on the base image
 * {@code schema.test.base-image}. Tests that need it skip without a Docker engine or that base image,
 * and fail instead with {@code schema.test.require-docker=true} (as in CI).
 */
final class MigratorImage {

    /** The tag the tests build and run. */
    static final String TAG = "schema-migrator:it";

    private static String built;

    private MigratorImage() {
    }

    /** The image's tag, built on first use. */
    static synchronized String tag() {
        requireDocker();
        if (built == null) {
            built = build();
        }
        return built;
    }

    /** Skips the test without a Docker engine, unless one is required. */
    static void requireDocker() {
        if (!ContainerServer.dockerAvailable()) {
            skipOrFail("No Docker engine reachable: skipping the container image tests");
        }
    }

    /** The directory with the Dockerfile, the Kubernetes manifests and the CI example. */
    static Path deployDirectory() {
        return Path.of(System.getProperty("schema.test.deploy-dir", "../deploy")).toAbsolutePath().normalize();
    }

    /** A directory for the tests' files under target/. */
    static Path workDirectory() throws java.io.IOException {
        return Files.createDirectories(Path.of(System.getProperty("schema.test.work-dir", "target/deploy-it")));
    }

    static void skipOrFail(String reason) {
        if (Boolean.getBoolean("schema.test.require-docker")) {
            throw new IllegalStateException(reason + " (schema.test.require-docker=true)");
        }
        Assumptions.abort(reason);
    }

    private static String build() {
        String base = System.getProperty("schema.test.base-image", "eclipse-temurin:17-jre");
        DockerClient client = DockerClientFactory.instance().client();
        try {
            client.inspectImageCmd(base).exec();
        } catch (NotFoundException e) {
            skipOrFail("The base image " + base + " is not on the Docker engine (no registry here): set"
                    + " -Dschema.test.base-image, e.g. to LOCAL_JRE_IMAGE of ../shared/tools/docker-postgres.sh --env --jre");
        }
        Map<String, String> families = Map.of(
                "families/schema-audit-events.jar", System.getProperty("schema.test.jar.schema-audit-events"),
                "families/schema-workflows.jar", System.getProperty("schema.test.jar.schema-workflows"));
        ImageFromDockerfile image = new ImageFromDockerfile(TAG, false)
                .withFileFromPath("Dockerfile", deployDirectory().resolve("docker/Dockerfile"))
                .withFileFromPath("migrator-cli.jar", Path.of(System.getProperty("schema.test.cli-jar")))
                .withBuildArg("BASE_IMAGE", base);
        families.forEach((name, jar) -> image.withFileFromPath(name, Path.of(jar)));
        try {
            return image.get();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot build " + TAG + " from deploy/docker/Dockerfile on " + base + ": "
                    + e.getMessage(), e);
        }
    }
}
