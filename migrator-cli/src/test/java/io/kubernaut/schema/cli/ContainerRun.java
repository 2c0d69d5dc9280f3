package io.kubernaut.schema.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.ToStringConsumer;

/**
 * One container run to its end, as {@code docker run} (or the kubelet) runs it: its exit code and
 * output. Built with {@link #of(String)}.
 *
 * @param exitCode the container's exit code, as Kubernetes reports it (terminated.exitCode)
 * @param stdout   what it wrote to stdout
 * @param stderr   what it wrote to stderr
 */
record ContainerRun(int exitCode, String stdout, String stderr) {

    static Builder of(String image) {
        return new Builder(image);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** How to run the container. */
    static final class Builder {

        private final String image;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> tmpfs = new LinkedHashMap<>();
        private List<String> entrypoint;
        private List<String> args;
        private String user;
        private String network;
        private boolean readOnly;
        private boolean dropAllCapabilities;
        private boolean noNewPrivileges;
        private Long memoryBytes;
        private Long nanoCpus;
        private Duration timeout = Duration.ofMinutes(5);

        private Builder(String image) {
            this.image = image;
        }

        Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        Builder args(String... args) {
            return args(List.of(args));
        }

        Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        Builder env(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        Builder user(String user) {
            this.user = user;
            return this;
        }

        Builder network(String network) {
            this.network = network;
            return this;
        }

        Builder readOnlyRootFilesystem() {
            this.readOnly = true;
            return this;
        }

        Builder dropAllCapabilities() {
            this.dropAllCapabilities = true;
            return this;
        }

        Builder noNewPrivileges() {
            this.noNewPrivileges = true;
            return this;
        }

        Builder tmpfs(String path, String options) {
            tmpfs.put(path, options);
            return this;
        }

        Builder memory(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        Builder cpus(double cpus) {
            this.nanoCpus = (long) (cpus * 1e9);
            return this;
        }

        Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Runs the container to its end (or kills it after the timeout) and removes it. */
        ContainerRun run() {
            DockerClient client = DockerClientFactory.instance().client();
            HostConfig host = HostConfig.newHostConfig().withReadonlyRootfs(readOnly).withTmpFs(tmpfs);
            if (network != null) {
                host.withNetworkMode(network);
            }
            if (dropAllCapabilities) {
                host.withCapDrop(Capability.ALL);
            }
            if (noNewPrivileges) {
                host.withSecurityOpts(List.of("no-new-privileges"));
            }
            if (memoryBytes != null) {
                host.withMemory(memoryBytes).withMemorySwap(memoryBytes);
            }
            if (nanoCpus != null) {
                host.withNanoCPUs(nanoCpus);
            }
            List<String> variables = new ArrayList<>();
            environment.forEach((name, value) -> variables.add(name + "=" + value));
            CreateContainerCmd create = client.createContainerCmd(image).withHostConfig(host).withEnv(variables)
                    .withLabels(Map.of("org.testcontainers", "true"));
            if (entrypoint != null) {
                create.withEntrypoint(entrypoint);
            }
            if (args != null) {
                create.withCmd(args);
            }
            if (user != null) {
                create.withUser(user);
            }
            String id = create.exec().getId();
            try {
                client.startContainerCmd(id).exec();
                Integer exitCode = client.waitContainerCmd(id).start()
                        .awaitStatusCode(timeout.toSeconds(), TimeUnit.SECONDS);
                ToStringConsumer out = new ToStringConsumer();
                ToStringConsumer err = new ToStringConsumer();
                try (FrameConsumerResultCallback logs = new FrameConsumerResultCallback()) {
                    logs.addConsumer(OutputFrame.OutputType.STDOUT, out);
                    logs.addConsumer(OutputFrame.OutputType.STDERR, err);
                    client.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(logs)
                            .awaitCompletion(60, TimeUnit.SECONDS);
                }
                return new ContainerRun(exitCode, out.toUtf8String(), err.toUtf8String());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + image, e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                client.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }
}
