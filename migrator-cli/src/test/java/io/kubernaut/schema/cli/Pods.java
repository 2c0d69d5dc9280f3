package io.kubernaut.schema.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one container of a pod spec in Docker the way the kubelet would: its image, command and args;
 * its environment with the values of the Secrets' keys ({@code valueFrom.secretKeyRef},
 * {@code envFrom}), a missing key that is not optional stopping it before it starts
 * ({@code CreateContainerConfigError}); its user, read-only root file system, dropped capabilities
 * and no privilege escalation; emptyDir volumes as tmpfs; memory and CPU limits.
 */
final class Pods {

    private Pods() {
    }

    /**
     * Runs {@code container} of {@code pod} on the Docker network {@code network} and returns how it ended.
     *
     * @param secrets  the Secrets in the namespace, by name
     * @param deadline how long Kubernetes would let it run (a Job's activeDeadlineSeconds)
     */
    static ContainerRun run(PodSpec pod, Container container, Map<String, Secret> secrets, String network,
            Duration deadline) {
        ContainerRun.Builder run = ContainerRun.of(container.getImage()).network(network).timeout(deadline);
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            run.entrypoint(container.getCommand());
        }
        if (container.getArgs() != null && !container.getArgs().isEmpty()) {
            run.args(container.getArgs());
        }
        for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
            if (from.getSecretRef() == null) {
                throw new AssertionError("envFrom other than a secretRef is not supported here: " + from);
            }
            Secret secret = secrets.get(from.getSecretRef().getName());
            if (secret == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                throw new AssertionError("CreateContainerConfigError: secret " + from.getSecretRef().getName()
                        + " not found");
            }
            if (secret != null) {
                values(secret).forEach((key, value) -> run.env((from.getPrefix() == null ? "" : from.getPrefix()) + key,
                        value));
            }
        }
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (variable.getValueFrom() == null) {
                run.env(variable.getName(), Objects.requireNonNullElse(variable.getValue(), ""));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                secretValue(variable.getValueFrom().getSecretKeyRef(), secrets)
                        .ifPresent(value -> run.env(variable.getName(), value));
            } else {
                throw new AssertionError("valueFrom other than a secretKeyRef is not supported here: " + variable);
            }
        }
        SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
        PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        Long user = security.getRunAsUser() != null ? security.getRunAsUser() : podSecurity.getRunAsUser();
        Long group = security.getRunAsGroup() != null ? security.getRunAsGroup() : podSecurity.getRunAsGroup();
        if (Boolean.TRUE.equals(security.getRunAsNonRoot()) || Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())) {
            if (user == null || user == 0) {
                throw new AssertionError("runAsNonRoot with runAsUser " + user + ": the kubelet checks a numeric user");
            }
        }
        if (user != null) {
            run.user(user + (group != null ? ":" + group : ""));
        }
        if (Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            run.readOnlyRootFilesystem();
        }
        if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            run.noNewPrivileges();
        }
        if (security.getCapabilities() != null && security.getCapabilities().getDrop() != null
                && security.getCapabilities().getDrop().contains("ALL")) {
            run.dropAllCapabilities();
        }
        for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            Volume volume = Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("volumeMount " + mount.getName() + " names no volume"));
            if (volume.getEmptyDir() == null) {
                throw new AssertionError("only emptyDir volumes are supported here: " + volume);
            }
            Quantity size = volume.getEmptyDir().getSizeLimit();
            run.tmpfs(mount.getMountPath(), "rw,mode=1777" + (size == null ? "" : ",size="
                    + Quantity.getAmountInBytes(size).longValue()));
        }
        if (container.getResources() != null && container.getResources().getLimits() != null) {
            Map<String, Quantity> limits = container.getResources().getLimits();
            if (limits.containsKey("memory")) {
                run.memory(Quantity.getAmountInBytes(limits.get("memory")).longValue());
            }
            if (limits.containsKey("cpu")) {
                run.cpus(Quantity.getAmountInBytes(limits.get("cpu")).doubleValue());
            }
        }
        return run.run();
    }

    private static Optional<String> secretValue(SecretKeySelector selector, Map<String, Secret> secrets) {
        Secret secret = secrets.get(selector.getName());
        String value = secret == null ? null : values(secret).get(selector.getKey());
        if (value == null && !Boolean.TRUE.equals(selector.getOptional())) {
            throw new AssertionError("CreateContainerConfigError: " + (secret == null ? "secret " + selector.getName()
                    + " not found" : "key " + selector.getKey() + " not found in secret " + selector.getName()));
        }
        return Optional.ofNullable(value);
    }

    /** A Secret's values: stringData as it is, data decoded from base64 (as the API server merges them). */
    private static Map<String, String> values(Secret secret) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, value) ->
                values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        values.putAll(Optional.ofNullable(secret.getStringData()).orElse(Map.of()));
        return values;
    }
}
