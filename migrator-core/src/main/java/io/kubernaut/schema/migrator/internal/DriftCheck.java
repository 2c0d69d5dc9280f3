package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Drift.Kind;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the entry-by-entry differences of two {@link SchemaSnapshot}s into {@link Drift}s a user can
 * act on, one per thing that was done to the database: a changed column becomes one drift per facet
 * that changed (type, nullability, default, identity); a missing table or view is reported once
 * instead of once per column, index, trigger, policy, owned sequence and privilege; a missing or extra
 * trigger once instead of with its function (format 1); a function whose arguments changed once
 * instead of as a missing and an extra overload; a partitioned table that had no partition at build
 * time gains them without drift.
 */
public final class DriftCheck {

    private DriftCheck() {
    }

    /** The drift of {@code actual} from {@code expected}; empty when they are equal. */
    public static List<Drift> compare(SchemaSnapshot expected, SchemaSnapshot actual) {
        List<SchemaSnapshot.Difference> differences = expected.compare(actual);
        Set<String> missingRelations = new TreeSet<>();
        Set<String> extraTables = new TreeSet<>();
        Set<String> missingFunctions = new TreeSet<>();
        Set<String> missingOrExtraTriggers = new TreeSet<>();
        Map<String, List<SchemaSnapshot.Difference>> functionsByName = new TreeMap<>();
        for (SchemaSnapshot.Difference d : differences) {
            switch (d.kind()) {
                case "table", "view", "sequence" -> {
                    if (d.actual() == null) {
                        missingRelations.add(d.name());
                    } else if (d.expected() == null) {
                        extraTables.add(d.name());
                    }
                }
                case "trigger" -> {
                    if (d.actual() == null || d.expected() == null) {
                        missingOrExtraTriggers.add(d.name());
                    }
                }
                case "function" -> {
                    if (d.name().contains("(") && (d.actual() == null || d.expected() == null)) {
                        functionsByName.computeIfAbsent(d.name().substring(0, d.name().indexOf('(')), n -> new ArrayList<>())
                                .add(d);
                        if (d.actual() == null) {
                            missingFunctions.add(d.name());
                        }
                    }
                }
                default -> { }
            }
        }
        Set<String> views = new TreeSet<>(expected.objects().views());
        views.addAll(actual.objects().views());
        List<Drift> drift = new ArrayList<>();
        Set<String> pairedFunctions = new TreeSet<>();
        for (SchemaSnapshot.Difference d : differences) {
            String owner = tableOf(d.name());
            switch (d.kind()) {
                case "table" -> drift.add(of(d, Kind.MISSING_TABLE, Kind.EXTRA_TABLE, Kind.TABLE_CHANGED));
                case "column" -> {
                    // A view's columns follow from its definition (VIEW_CHANGED says it); a missing table's go with it.
                    if (views.contains(owner) || d.actual() == null && missingRelations.contains(owner)
                            || d.expected() == null && extraTables.contains(owner)) {
                        continue;
                    }
                    if (d.expected() != null && d.actual() != null) {
                        drift.addAll(columnChanges(d));
                    } else {
                        drift.add(of(d, Kind.MISSING_COLUMN, Kind.EXTRA_COLUMN, Kind.COLUMN_CHANGED));
                    }
                }
                case "constraint", "index", "trigger", "rls", "policy", "partitions" -> {
                    if (d.actual() == null && missingRelations.contains(owner) || d.expected() == null && extraTables.contains(owner)
                            || d.kind().equals("partitions") && (missingRelations.contains(d.name()) || extraTables.contains(d.name()))) {
                        continue; // part of a missing or extra table (or materialized view), reported once
                    }
                    tableObject(d).ifPresent(drift::add);
                }
                case "partition" -> partitionInvariant(d).ifPresent(drift::add);
                case "view" -> drift.add(of(d, Kind.MISSING_VIEW, Kind.EXTRA_VIEW, Kind.VIEW_CHANGED));
                case "function" -> {
                    if (!d.name().contains("(")) { // format 1: the function of a trigger, keyed by the trigger
                        if ((d.actual() == null || d.expected() == null) && missingOrExtraTriggers.contains(d.name())) {
                            continue; // the function of a missing or extra trigger: reported once, with the trigger
                        }
                        drift.add(of(d, Kind.MISSING_FUNCTION, Kind.EXTRA_FUNCTION, Kind.FUNCTION_CHANGED));
                        continue;
                    }
                    if (d.expected() != null && d.actual() != null) {
                        drift.add(new Drift(Kind.FUNCTION_CHANGED, d.name(), d.expected(), d.actual()));
                        continue;
                    }
                    String name = d.name().substring(0, d.name().indexOf('('));
                    List<SchemaSnapshot.Difference> sameName = functionsByName.get(name);
                    if (sameName.size() == 2 && sameName.get(0).actual() == null != (sameName.get(1).actual() == null)) {
                        // One overload gone, another come: the function was recreated with other arguments.
                        if (pairedFunctions.add(name)) {
                            SchemaSnapshot.Difference gone = sameName.get(0).actual() == null ? sameName.get(0) : sameName.get(1);
                            SchemaSnapshot.Difference come = gone == sameName.get(0) ? sameName.get(1) : sameName.get(0);
                            drift.add(new Drift(Kind.FUNCTION_CHANGED, name, gone.name() + " " + gone.expected(),
                                    come.name() + " " + come.actual()));
                        }
                        continue;
                    }
                    drift.add(of(d, Kind.MISSING_FUNCTION, Kind.EXTRA_FUNCTION, null));
                }
                case "sequence" -> {
                    if (d.actual() == null && d.expected().contains(" owned by ")
                            && missingRelations.contains(d.expected().substring(d.expected().indexOf(" owned by ") + 10)
                                    .split("\\.")[0])) {
                        continue; // a serial column's sequence, dropped with its table
                    }
                    drift.add(of(d, Kind.MISSING_SEQUENCE, Kind.EXTRA_SEQUENCE, Kind.SEQUENCE_CHANGED));
                }
                case "type" -> drift.add(of(d, Kind.MISSING_TYPE, Kind.EXTRA_TYPE,
                        d.expected() != null && d.actual() != null && d.expected().startsWith("enum (")
                                && d.actual().startsWith("enum (") ? Kind.ENUM_LABELS_CHANGED : Kind.TYPE_DEFINITION_CHANGED));
                case "extension" -> drift.add(of(d, Kind.MISSING_EXTENSION, Kind.EXTRA_EXTENSION, null));
                case "grant" -> {
                    String object = d.name().substring(0, d.name().lastIndexOf(" to "));
                    if (missingRelations.contains(object) || missingFunctions.contains(object)) {
                        continue; // the privileges of a missing object go with it
                    }
                    drift.addAll(privileges(d));
                }
                default -> { } // grantee: the roles whose privileges are compared, not an object
            }
        }
        return List.copyOf(drift);
    }

    /** A missing, extra or changed object of a table. */
    private static Optional<Drift> tableObject(SchemaSnapshot.Difference d) {
        return Optional.ofNullable(switch (d.kind()) {
            case "constraint" -> of(d, Kind.MISSING_CONSTRAINT, Kind.EXTRA_CONSTRAINT, Kind.CONSTRAINT_CHANGED);
            case "index" -> of(d, Kind.MISSING_INDEX, Kind.EXTRA_INDEX, Kind.INDEX_CHANGED);
            case "trigger" -> of(d, Kind.MISSING_TRIGGER, Kind.EXTRA_TRIGGER, Kind.TRIGGER_CHANGED);
            case "rls" -> new Drift(Kind.RLS_CHANGED, d.name(), d.expected(), d.actual());
            case "policy" -> of(d, Kind.MISSING_POLICY, Kind.EXTRA_POLICY, Kind.POLICY_CHANGED);
            // Partitions gained by a table that had none at build time are the partition function's work.
            case "partitions" -> "at least one attached".equals(d.expected()) && "none attached".equals(d.actual())
                    ? new Drift(Kind.PARTITIONS_MISSING, d.name(), d.expected(), d.actual()) : null;
            default -> null;
        });
    }

    /** An invariant a partition breaks now ({@code audit_events: trigger disabled}); one fixed since is no drift. */
    private static Optional<Drift> partitionInvariant(SchemaSnapshot.Difference d) {
        if (d.actual() == null) {
            return Optional.empty();
        }
        String problem = d.actual().substring(d.actual().indexOf(": ") + 2);
        Kind kind = switch (problem) {
            case "trigger missing" -> Kind.PARTITION_TRIGGER_MISSING;
            case "trigger disabled" -> Kind.PARTITION_TRIGGER_DISABLED;
            case "index missing" -> Kind.PARTITION_INDEX_MISSING;
            case "index invalid" -> Kind.PARTITION_INDEX_INVALID;
            case "detached" -> Kind.PARTITION_DETACHED;
            default -> Kind.PARTITION_TRIGGER_CHANGED;
        };
        return Optional.of(new Drift(kind, d.name(), d.expected(), d.actual()));
    }

    /** Missing and extra privileges of one role on one object, each listed. */
    private static List<Drift> privileges(SchemaSnapshot.Difference d) {
        Set<String> granted = privilegeSet(d.expected());
        Set<String> held = privilegeSet(d.actual());
        List<Drift> drift = new ArrayList<>();
        Set<String> missing = new TreeSet<>(granted);
        missing.removeAll(held);
        Set<String> extra = new TreeSet<>(held);
        extra.removeAll(granted);
        if (!missing.isEmpty()) {
            drift.add(new Drift(Kind.MISSING_PRIVILEGE, d.name(), String.join(", ", missing), null));
        }
        if (!extra.isEmpty()) {
            drift.add(new Drift(Kind.EXTRA_PRIVILEGE, d.name(), null, String.join(", ", extra)));
        }
        return drift;
    }

    private static Set<String> privilegeSet(String list) {
        return list == null ? Set.of() : Arrays.stream(list.split(", ")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Drift of(SchemaSnapshot.Difference d, Kind missing, Kind extra, Kind changed) {
        Kind kind = d.actual() == null ? missing : d.expected() == null ? extra : changed;
        if (kind == null) {
            throw new IllegalStateException("No drift kind for " + d);
        }
        return new Drift(kind, d.name(), d.expected(), d.actual());
    }

    /** The table of {@code table.object}. */
    private static String tableOf(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** One drift per facet of the column that changed; COLUMN_CHANGED when an entry cannot be read. */
    private static List<Drift> columnChanges(SchemaSnapshot.Difference difference) {
        Optional<SchemaSnapshot.Column> expected = SchemaSnapshot.Column.parse(difference.expected());
        Optional<SchemaSnapshot.Column> actual = SchemaSnapshot.Column.parse(difference.actual());
        if (expected.isEmpty() || actual.isEmpty()) {
            return List.of(new Drift(Kind.COLUMN_CHANGED, difference.name(), difference.expected(), difference.actual()));
        }
        List<Drift> drift = new ArrayList<>();
        String name = difference.name();
        SchemaSnapshot.Column before = expected.get();
        SchemaSnapshot.Column after = actual.get();
        facet(drift, Kind.TYPE_CHANGED, name, before.type(), after.type());
        facet(drift, Kind.NULLABILITY_CHANGED, name, nullability(before), nullability(after));
        facet(drift, Kind.DEFAULT_CHANGED, name, before.defaultExpression(), after.defaultExpression());
        facet(drift, Kind.IDENTITY_CHANGED, name, before.identity(), after.identity());
        if (drift.isEmpty()) {
            drift.add(new Drift(Kind.COLUMN_CHANGED, name, difference.expected(), difference.actual()));
        }
        return drift;
    }

    private static void facet(List<Drift> drift, Kind kind, String name, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            drift.add(new Drift(kind, name, expected, actual));
        }
    }

    private static String nullability(SchemaSnapshot.Column column) {
        return column.nullable() ? "null" : "not null";
    }
}
