package io.kubernaut.schema.resolver.internal;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The parent of a resolved-families loader: the JDK (through the platform loader), plus the classes
 * of migrator-core and SLF4J from the application's loader, and nothing else of it: no other classes,
 * no resources. Families then implement the application's {@code SchemaModule}, while its class path
 * (its own families, its library versions) stays out of sight, and {@code ServiceLoader} over the
 * child finds only the child's services files.
 *
 * <p>migrator-core is shared because it is the SPI: a family class must implement the very
 * {@code SchemaModule} the migrator casts to. SLF4J is shared so that libraries the families bring
 * (jOOQ) log through the application's binding instead of warning that none is there.
 */
public final class SharedApiClassLoader extends ClassLoader {

    /** Package prefixes loaded from the application's loader. */
    static final List<String> SHARED = List.of("io.kubernaut.schema.migrator.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader application;

    public SharedApiClassLoader(ClassLoader application) {
        super("schema-families-api", ClassLoader.getPlatformClassLoader());
        this.application = Objects.requireNonNull(application, "application");
    }

    /** Called after the platform loader did not find {@code name}. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (String prefix : SHARED) {
            if (name.startsWith(prefix)) {
                return application.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name);
    }

    /** None of the application's resources: its services files would list its own families. */
    @Override
    protected URL findResource(String name) {
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        return Collections.emptyEnumeration();
    }
}
