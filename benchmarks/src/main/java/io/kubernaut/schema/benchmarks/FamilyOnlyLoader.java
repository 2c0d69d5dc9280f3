package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.migrator.archive.FamilyLayout;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of a generated workload's class loader: the harness's classes, without the families
 * shaded into the harness jar (their services entry and resources are hidden), so that discovery
 * through the child finds the generated families and nothing else, as on a service's class path.
 */
final class FamilyOnlyLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    FamilyOnlyLoader(ClassLoader parent) {
        super(parent);
    }

    private static boolean hidden(String name) {
        return name.equals(FamilyLayout.SERVICES) || name.startsWith(FamilyLayout.ROOT);
    }

    @Override
    public URL getResource(String name) {
        return hidden(name) ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
    }
}
