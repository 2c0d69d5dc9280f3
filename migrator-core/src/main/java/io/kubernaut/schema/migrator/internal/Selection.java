package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.DependencyCycleException;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MissingFamilyException;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.UnknownSelectionException;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a configuration's tables and families into the families to apply: the named ones, the
 * families they require (transitively), in dependency order, ties broken by name so the order is
 * always the same.
 */
final class Selection {

    private Selection() {
    }

    /**
     * The families to apply, dependencies first.
     *
     * @throws UnknownSelectionException when a name matches no table and no family
     * @throws MissingFamilyException    when a required family is not in the catalog
     * @throws DependencyCycleException  when families require each other in a cycle
     */
    public static List<SchemaModule> resolve(SchemaCatalog catalog, MigrationConfig config) {
        Set<String> roots = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        if (config.selectsEverything()) {
            roots.addAll(catalog.familyNames());
        }
        for (String table : config.tables()) {
            String owner = catalog.tableOwners().get(table);
            if (owner != null) {
                roots.add(owner);
            } else if (catalog.family(table).isPresent()) {
                roots.add(table);
            } else {
                unknown.add(table);
            }
        }
        for (String family : config.families()) {
            if (catalog.family(family).isPresent()) {
                roots.add(family);
            } else {
                unknown.add(family);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnknownSelectionException(unknown, catalog.tableOwners().keySet(), catalog.familyNames());
        }
        return order(catalog, roots);
    }

    private static List<SchemaModule> order(SchemaCatalog catalog, Set<String> roots) {
        List<SchemaModule> ordered = new ArrayList<>();
        Map<String, Mark> marks = new HashMap<>();
        for (String root : roots) {
            visit(catalog, root, null, marks, new ArrayList<>(), ordered);
        }
        return List.copyOf(ordered);
    }

    private enum Mark { VISITING, DONE }

    /** Depth-first, post-order: a family comes after everything it requires. */
    private static void visit(SchemaCatalog catalog, String name, SchemaModule requiredBy, Map<String, Mark> marks,
            List<String> path, List<SchemaModule> ordered) {
        Mark mark = marks.get(name);
        if (mark == Mark.DONE) {
            return;
        }
        if (mark == Mark.VISITING) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new DependencyCycleException(cycle);
        }
        SchemaModule module = catalog.family(name).orElseThrow(
                () -> new MissingFamilyException(requiredBy.name(), requiredBy.location(), name));
        marks.put(name, Mark.VISITING);
        path.add(name);
        for (String required : new TreeSet<>(module.requires())) {
            visit(catalog, required, module, marks, path, ordered);
        }
        path.remove(path.size() - 1);
        marks.put(name, Mark.DONE);
        ordered.add(module);
    }

    /** The names of {@code modules}, in order. */
    public static List<String> names(List<SchemaModule> modules) {
        return modules.stream().map(SchemaModule::name).toList();
    }

    /** Every table of {@code modules}. */
    public static Set<String> tables(List<SchemaModule> modules) {
        Set<String> tables = new LinkedHashSet<>();
        modules.forEach(m -> tables.addAll(m.tables()));
        return tables;
    }
}
