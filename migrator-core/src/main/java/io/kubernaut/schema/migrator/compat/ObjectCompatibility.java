package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link Compatibility} rules for what code uses beside tables: enum labels, types, views and
 * their columns, function signatures. Read from snapshot entries of format 2 (a format 1 snapshot has
 * none of them, so nothing is found).
 */
final class ObjectCompatibility {

    private ObjectCompatibility() {
    }

    static void check(SchemaSnapshot previous, SchemaSnapshot next, boolean backward, boolean forward,
            Set<CompatibilityViolation> violations) {
        Map<String, String> typesBefore = entries(previous, "type");
        Map<String, String> typesAfter = entries(next, "type");
        typesBefore.forEach((type, definition) -> {
            String now = typesAfter.get(type);
            if (now == null) {
                if (backward) {
                    violations.add(new CompatibilityViolation(Kind.TYPE_REMOVED, type, null, definition, null));
                }
                return;
            }
            if (definition.startsWith("enum (") && now.startsWith("enum (")) {
                List<String> old = labels(definition);
                List<String> current = labels(now);
                if (backward) {
                    old.stream().filter(l -> !current.contains(l)).forEach(l -> violations.add(
                            new CompatibilityViolation(Kind.ENUM_LABEL_REMOVED, type, l, definition, now)));
                }
                if (forward) {
                    current.stream().filter(l -> !old.contains(l)).forEach(l -> violations.add(
                            new CompatibilityViolation(Kind.ENUM_LABEL_ADDED, type, l, definition, now)));
                }
            }
        });
        Map<String, String> viewsBefore = entries(previous, "view");
        Map<String, String> viewsAfter = entries(next, "view");
        Map<String, String> columnsBefore = entries(previous, "column");
        Map<String, String> columnsAfter = entries(next, "column");
        viewsBefore.keySet().forEach(view -> {
            if (!viewsAfter.containsKey(view)) {
                if (backward) {
                    violations.add(new CompatibilityViolation(Kind.VIEW_REMOVED, view, null, viewsBefore.get(view), null));
                }
                return;
            }
            columnsBefore.forEach((key, definition) -> {
                if (!key.startsWith(view + ".")) {
                    return;
                }
                String column = key.substring(view.length() + 1);
                String now = columnsAfter.get(key);
                if (now == null) {
                    if (backward) {
                        violations.add(new CompatibilityViolation(Kind.VIEW_COLUMN_REMOVED, view, column, type(definition), null));
                    }
                } else if (!type(now).equals(type(definition))) {
                    violations.add(new CompatibilityViolation(Kind.VIEW_COLUMN_RETYPED, view, column, type(definition), type(now)));
                }
            });
        });
        Map<String, List<String>> functionsBefore = signatures(previous);
        Map<String, List<String>> functionsAfter = signatures(next);
        functionsBefore.forEach((name, signatures) -> {
            List<String> now = functionsAfter.getOrDefault(name, List.of());
            for (String signature : signatures) {
                if (now.contains(signature)) {
                    continue;
                }
                if (now.isEmpty()) {
                    if (backward) {
                        violations.add(new CompatibilityViolation(Kind.FUNCTION_REMOVED, name, null, signature, null));
                    }
                } else {
                    violations.add(new CompatibilityViolation(Kind.FUNCTION_SIGNATURE_CHANGED, name, null, signature,
                            String.join(" or ", now)));
                }
            }
        });
    }

    private static Map<String, String> entries(SchemaSnapshot snapshot, String kind) {
        Map<String, String> entries = new TreeMap<>();
        snapshot.entries().forEach((key, value) -> {
            if (key.startsWith(kind + "\t")) {
                entries.put(key.substring(kind.length() + 1), value);
            }
        });
        return entries;
    }

    /** {@code enum ('a', 'b')} as its labels. */
    private static List<String> labels(String definition) {
        List<String> labels = new ArrayList<>();
        String list = definition.substring("enum (".length(), definition.length() - 1);
        StringBuilder label = null;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (label == null) {
                if (c == '\'') {
                    label = new StringBuilder();
                }
            } else if (c == '\'' && i + 1 < list.length() && list.charAt(i + 1) == '\'') {
                label.append('\'');
                i++;
            } else if (c == '\'') {
                labels.add(label.toString());
                label = null;
            } else {
                label.append(c);
            }
        }
        return labels;
    }

    /** {@code integer null} as {@code integer}. */
    private static String type(String columnDefinition) {
        return SchemaSnapshot.Column.parse(columnDefinition).map(SchemaSnapshot.Column::type).orElse(columnDefinition);
    }

    /** Per function name, each overload as {@code name(arguments) returns result}. */
    private static Map<String, List<String>> signatures(SchemaSnapshot snapshot) {
        Map<String, List<String>> signatures = new TreeMap<>();
        entries(snapshot, "function").forEach((key, value) -> {
            int parenthesis = key.indexOf('(');
            if (parenthesis < 0) {
                return; // format 1: keyed by trigger
            }
            int returns = value.indexOf(" returns ");
            int language = value.indexOf(" language ");
            String result = returns >= 0 && language > returns ? value.substring(returns, language) : "";
            signatures.computeIfAbsent(key.substring(0, parenthesis), n -> new ArrayList<>()).add(key + result);
        });
        return signatures;
    }
}
