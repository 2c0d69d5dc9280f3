package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes: each overlay rendered by {@code kubectl kustomize}, every object read into the
 * Kubernetes API's model classes (unknown fields refused), and the container each describes run in
 * Docker as the kubelet would (image, args, environment with the Secret's keys, security context,
 * limits) against PostgreSQL: the migration happens, and the exit code is the one Kubernetes sees.
 */
class KubernetesManifestsIT {

    private static final Path KUBERNETES = MigratorImage.deployDirectory().resolve("kubernetes");
    private static final String SECRET = "schema-migrator-db";

    private static NetworkedPostgres postgres;

    @BeforeAll
    static void kubectl() {
        Manifests.kubectlUnusable().ifPresent(reason -> MigratorImage.skipOrFail("Cannot render the kustomizations: "
                + reason + " (.ci/run installs one)"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static synchronized NetworkedPostgres postgres() {
        if (postgres == null) {
            postgres = NetworkedPostgres.start();
        }
        return postgres;
    }

    @Test
    void baseIsARestrictedJobWithBoundedRetriesAndTheCredentialsFromASecret() throws Exception {
        Job job = Manifests.single(Manifests.render(KUBERNETES.resolve("base")), Job.class);

        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertRestricted(pod, migrator(pod.getContainers()));
        Container migrator = migrator(pod.getContainers());
        assertThat(migrator.getEnv()).filteredOn(v -> v.getName().equals("PGPASSWORD")).singleElement()
                .satisfies(v -> {
                    assertThat(v.getValue()).as("never a literal password").isNull();
                    assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo(SECRET);
                });
        assertThat(migrator.getEnv()).extracting(EnvVar::getName).filteredOn(name -> name.startsWith("MIGRATOR_"))
                .as("variables of the CLI's options").isSubsetOf(GitHubActionsWorkflowTest.variables());
        assertThat(migrator.getEnv()).extracting(EnvVar::getName)
                .contains("MIGRATOR_SCHEMA", "MIGRATOR_TABLES", "MIGRATOR_FAMILIES", "MIGRATOR_WAIT_FOR_DB",
                        "MIGRATOR_LOCK_WAIT", "PGHOST", "PGDATABASE", "PGUSER");
    }

    @Test
    void overlaysMakeTheSameContainerAnInitContainerOrAHelmHook() throws Exception {
        Container base = migrator(Manifests.single(Manifests.render(KUBERNETES.resolve("base")), Job.class)
                .getSpec().getTemplate().getSpec().getContainers());

        List<HasMetadata> initContainer = Manifests.render(KUBERNETES.resolve("overlays/init-container"));
        assertThat(initContainer).noneMatch(Job.class::isInstance);
        PodSpec service = Manifests.single(initContainer, Deployment.class).getSpec().getTemplate().getSpec();
        assertThat(migrator(service.getInitContainers())).isEqualTo(base);
        assertRestricted(service, migrator(service.getInitContainers()));

        Job hook = Manifests.single(Manifests.render(KUBERNETES.resolve("overlays/helm-hook")), Job.class);
        assertThat(hook.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsKey("helm.sh/hook-delete-policy");
        assertThat(migrator(hook.getSpec().getTemplate().getSpec().getContainers())).isEqualTo(base);
    }

    @Test
    void readingRefusesAFieldTheKubernetesApiDoesNotHave() {
        String typo = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  backofLimit: 2\n";

        assertThatThrownBy(() -> Manifests.read(typo)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("backofLimit");
    }

    @Test
    void baseJobMigratesTheDatabaseAndExitsZero() throws Exception {
        TestPostgres.Database database = postgres().newDatabase();

        ContainerRun run = runJob("base", database, postgres().password());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertMigrated(database);
    }

    @Test
    void initContainerMigratesAndTheNextPodFindsNothingToDo() throws Exception {
        TestPostgres.Database database = postgres().newDatabase();
        PodSpec pod = Manifests.single(render("overlays/init-container"), Deployment.class).getSpec().getTemplate()
                .getSpec();
        Container init = migrator(pod.getInitContainers());

        ContainerRun first = run(pod, init, secret(database, postgres().password()), Duration.ofMinutes(5));
        List<String> history = database.history("public");
        ContainerRun second = run(pod, init, secret(database, postgres().password()), Duration.ofMinutes(5));

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertMigrated(database);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stderr()).contains("\"event\":\"apply.planned\"", "\"pending\":0");
        assertThat(database.history("public")).isEqualTo(history);
    }

    @Test
    void helmHookJobMigratesTheDatabase() throws Exception {
        TestPostgres.Database database = postgres().newDatabase();

        ContainerRun run = runJob("overlays/helm-hook", database, postgres().password());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertMigrated(database);
    }

    @Test
    void jobWhoseSecretHoldsAWrongPasswordFailsWithExitCode4AndChangesNothing() throws Exception {
        TestPostgres.Database database = postgres().newDatabase();

        ContainerRun run = runJob("base", database, "not-the-password");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.stderr()).contains("\"event\":\"error\"", "password authentication failed");
        assertThat(database.tables("public")).isEmpty();
    }

    /** The Job of {@code overlay}'s container, run as the kubelet would within the Job's deadline. */
    private static ContainerRun runJob(String overlay, TestPostgres.Database database, String password)
            throws IOException, InterruptedException {
        Job job = Manifests.single(render(overlay), Job.class);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        return run(pod, migrator(pod.getContainers()), secret(database, password),
                Duration.ofSeconds(job.getSpec().getActiveDeadlineSeconds()));
    }

    /** The overlay rendered with the image set to the one the tests built, as a team's kustomization would. */
    private static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(MigratorImage.workDirectory().resolve("kustomize-" + overlay.replace('/', '-')));
        String[] image = MigratorImage.tag().split(":");
        Files.writeString(directory.resolve("kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n  - " + directory.toAbsolutePath().relativize(KUBERNETES.resolve(overlay))
                + "\nimages:\n  - name: schema-migrator\n    newName: " + image[0] + "\n    newTag: \"" + image[1] + "\"\n");
        List<HasMetadata> objects = Manifests.render(directory);
        objects.stream().flatMap(o -> o instanceof Job job ? job.getSpec().getTemplate().getSpec().getContainers().stream()
                : o instanceof Deployment d ? d.getSpec().getTemplate().getSpec().getInitContainers().stream()
                : java.util.stream.Stream.<Container>empty())
                .filter(c -> c.getName().equals("migrator"))
                .forEach(c -> assertThat(c.getImage()).isEqualTo(MigratorImage.tag()));
        return objects;
    }

    /** The Secret a team creates for the database (keys as in a CloudNativePG application secret). */
    private static Map<String, Secret> secret(TestPostgres.Database database, String password) {
        Secret secret = new SecretBuilder().withNewMetadata().withName(SECRET).endMetadata()
                .withStringData(Map.of("host", NetworkedPostgres.HOST, "port", "5432", "dbname", database.name(),
                        "username", postgres().user(), "password", password))
                .build();
        return Map.of(SECRET, secret);
    }

    private static ContainerRun run(PodSpec pod, Container container, Map<String, Secret> secrets, Duration deadline) {
        return Pods.run(pod, container, secrets, postgres().network(), deadline);
    }

    private static void assertMigrated(TestPostgres.Database database) {
        assertThat(database.tables("public")).contains("audit_events", "workflows", "workflow_versions");
        assertThat(database.history("public")).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith(" true"));
    }

    private static Container migrator(List<Container> containers) {
        return containers.stream().filter(c -> c.getName().equals("migrator")).findFirst()
                .orElseThrow(() -> new AssertionError("no container 'migrator' in " + containers));
    }

    /** The Pod Security Standard "restricted", and the resources and scratch space a JVM needs. */
    private static void assertRestricted(PodSpec pod, Container container) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }
}
