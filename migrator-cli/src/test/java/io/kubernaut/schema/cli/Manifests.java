package io.kubernaut.schema.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes manifests as the API server would take them: rendered by {@code kubectl kustomize} and
 * read into fabric8's model classes of the Kubernetes API, refusing any field the API does not have
 * (the model classes keep unknown fields aside by default; here they fail).
 */
final class Manifests {

    /** The kinds the manifests use, by apiVersion/kind. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "batch/v1/Job", Job.class,
            "apps/v1/Deployment", Deployment.class,
            "v1/Secret", Secret.class,
            "v1/ConfigMap", ConfigMap.class);

    /** Jackson over the model classes, with their catch-all for unknown fields switched off. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                private static final long serialVersionUID = 1L;

                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
                    return JsonIgnoreProperties.Value.empty();
                }
            });

    private Manifests() {
    }

    /**
     * Why kubectl cannot render the manifests, or empty when it can: it must run and bring kustomize v5
     * (kubectl 1.27 and later); Debian 12's kubernetes-client (kubectl 1.20, kustomize v2.0.3) knows
     * neither directories under resources nor replacements.
     */
    static Optional<String> kubectlUnusable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.of("kubectl version --client failed: " + version);
            }
            Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
            if (!kustomize.find() || Integer.parseInt(kustomize.group(1)) < 5) {
                return Optional.of("kubectl brings no kustomize v5 (kubectl 1.27 or later needed): " + version.strip());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("kubectl is not installed (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** {@code kubectl kustomize directory}, every object read strictly. */
    static List<HasMetadata> render(Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString()).start();
        byte[] out;
        byte[] err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    stderr.transferTo(errors);
                } catch (IOException e) {
                    // The exit code tells.
                }
            });
            drain.start();
            out = stdout.readAllBytes();
            drain.join();
            err = errors.toByteArray();
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + directory + " failed:\n"
                    + new String(err, StandardCharsets.UTF_8));
        }
        return read(new String(out, StandardCharsets.UTF_8));
    }

    /**
     * Every YAML document of {@code yaml} as its model class.
     *
     * @throws AssertionError for a kind the manifests should not hold, or a field the API does not know
     */
    static List<HasMetadata> read(String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        YAMLMapper documents = new YAMLMapper();
        for (JsonNode document : documents.readValues(new YAMLFactory().createParser(yaml), JsonNode.class).readAll()) {
            if (document == null || document.isNull() || document.isEmpty()) {
                continue;
            }
            String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new AssertionError("unexpected kind " + kind + " in:\n" + document);
            }
            try {
                objects.add(STRICT.treeToValue(document, type));
            } catch (IOException e) {
                throw new AssertionError(kind + " " + document.path("metadata").path("name").asText()
                        + " is not valid for the Kubernetes API: " + e.getMessage(), e);
            }
        }
        return objects;
    }

    /** The one object of {@code type} among {@code objects}. */
    static <T extends HasMetadata> T single(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + matching.size() + " in "
                    + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        }
        return matching.get(0);
    }
}
