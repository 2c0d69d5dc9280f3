package io.kubernaut.schema.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A {@code --config} file: option values by key ({@code lock-wait: 30}), as Java properties
 * ({@code .properties}) or a flat YAML mapping ({@code .yaml}, {@code .yml}). A YAML list
 * ({@code tables: [a, b]}) is the comma-separated list the option takes. Unknown keys are refused, so a
 * typo does not silently leave a setting at its default.
 */
final class ConfigFile {

    private final Map<String, String> values;

    private ConfigFile(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads {@code file}, whose keys must be among {@code keys}.
     *
     * @throws IllegalArgumentException saying what is wrong and where; never quoting a value, which may
     *                                  be a password
     */
    static ConfigFile read(Path file, Set<String> keys) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> values;
        try {
            if (name.endsWith(".properties")) {
                values = properties(file);
            } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                values = yaml(file);
            } else {
                throw new IllegalArgumentException("--config " + file + ": name a .properties, .yaml or .yml file");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--config " + file + ": no such file", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--config " + file + ": not valid YAML" + where(e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--config " + file + ": unknown " + (unknown.size() == 1 ? "key " : "keys ")
                    + String.join(", ", unknown) + "; the keys are the options' long names without dashes: "
                    + String.join(", ", keys));
        }
        return new ConfigFile(values);
    }

    /** The value of {@code key}, as the option would take it on the command line. */
    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return values;
    }

    private static Map<String, String> yaml(Path file) throws IOException {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new YAMLMapper().readTree(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("--config " + file + ": expected a mapping of keys to values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode node = field.getValue();
            if (node.isNull()) {
                continue;
            }
            if (node.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isValueNode()) {
                        throw new IllegalArgumentException("--config " + file + ": key " + field.getKey()
                                + " lists something that is not a value");
                    }
                    items.add(item.asText());
                }
                values.put(field.getKey(), String.join(",", items));
            } else if (node.isValueNode()) {
                values.put(field.getKey(), node.asText());
            } else {
                throw new IllegalArgumentException("--config " + file + ": key " + field.getKey()
                        + " holds a mapping; expected a value or a list");
            }
        }
        return values;
    }

    /** Line, column and the parser's reason, without the excerpt of the file SnakeYAML would quote. */
    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String at = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                return at + ": " + marked.getProblem();
            }
        }
        return at;
    }
}
