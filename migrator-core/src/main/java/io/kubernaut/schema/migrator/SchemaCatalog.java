package io.kubernaut.schema.migrator;

import io.kubernaut.schema.migrator.internal.ServiceDiscovery;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table families available to a migrator, usually {@linkplain #discover() discovered} on the
 * classpath: a service gets exactly the families it depends on.
 *
 * @since 0.1.0
 */
public final class SchemaCatalog {

    private final Map<String, SchemaModule> families;
    private final Map<String, String> tableOwners;

    private SchemaCatalog(Collection<? extends SchemaModule> modules) {
        Map<String, List<SchemaModule>> byName = new TreeMap<>();
        for (SchemaModule module : modules) {
            byName.computeIfAbsent(Objects.requireNonNull(module, "module").name(), n -> new ArrayList<>()).add(module);
        }
        List<Conflict> duplicates = new ArrayList<>();
        byName.forEach((name, providers) -> {
            if (providers.size() > 1) {
                duplicates.add(new Conflict.DuplicateFamily(name, providers.stream()
                        .map(p -> new Conflict.DuplicateFamily.Source(p.location(), p.artifactVersion())).toList()));
            }
        });
        if (!duplicates.isEmpty()) {
            throw new ConflictException(duplicates);
        }
        Map<String, SchemaModule> families = new LinkedHashMap<>();
        Map<String, String> owners = new TreeMap<>();
        byName.forEach((name, providers) -> {
            SchemaModule module = providers.get(0);
            families.put(name, module);
            for (String table : module.tables()) {
                String previous = owners.putIfAbsent(table, name);
                if (previous != null) {
                    throw new ConfigurationException("Table '" + table + "' is declared by two families: '" + previous
                            + "' (" + families.get(previous).location() + ") and '" + name + "' (" + module.location()
                            + "). A table belongs to exactly one family.");
                }
            }
        });
        this.families = Collections.unmodifiableMap(families);
        this.tableOwners = Collections.unmodifiableMap(owners);
    }

    /** The families on the current thread's context class loader (else this library's loader). */
    public static SchemaCatalog discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : SchemaCatalog.class.getClassLoader());
    }

    /**
     * The families {@link java.util.ServiceLoader} finds through {@code loader}.
     *
     * @throws ConflictException      when two jars provide the same family (naming both and their versions)
     * @throws ConfigurationException when a provider cannot be loaded or its index is broken
     */
    public static SchemaCatalog discover(ClassLoader loader) {
        return new SchemaCatalog(ServiceDiscovery.discover(Objects.requireNonNull(loader, "loader")));
    }

    /** A catalog of exactly these families. */
    public static SchemaCatalog of(SchemaModule... modules) {
        return of(Arrays.asList(modules));
    }

    /** A catalog of exactly these families. */
    public static SchemaCatalog of(Collection<? extends SchemaModule> modules) {
        return new SchemaCatalog(modules);
    }

    /** The families, sorted by name. */
    public List<SchemaModule> families() {
        return List.copyOf(families.values());
    }

    /** The family called {@code name}, if present. */
    public Optional<SchemaModule> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    /** Every family name, sorted. */
    public Set<String> familyNames() {
        return families.keySet();
    }

    /** Every table, sorted, mapped to the family that owns it. */
    public Map<String, String> tableOwners() {
        return tableOwners;
    }

    @Override
    public String toString() {
        return families.values().stream().sorted(Comparator.comparing(SchemaModule::name))
                .map(m -> m.name() + " " + m.artifactVersion()).toList().toString();
    }
}
