package io.kubernaut.schema.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedFamiliesTest {

    @TempDir
    Path temp;

    private Path family(String name, String version) {
        return FamilyJar.family(name).version(version)
                .migration("V1__create_" + name + ".sql", "CREATE TABLE IF NOT EXISTS " + name + " (id INT);")
                .writeTo(temp.resolve(name + "-" + version));
    }

    @Test
    void theLoaderSharesMigratorCoreWithItsParentAndNothingElse() throws Exception {
        Path parentFamily = family("events", "1.0.0");
        ResolvedFamilies resolved = ResolvedFamilies.of(List.of(family("orders", "2.0.0")));

        try (URLClassLoader parent = FamilyJar.loaderOf(parentFamily);
                URLClassLoader loader = resolved.loader(parent)) {
            assertThat(loader.loadClass(SchemaModule.class.getName())).as("the SPI is the parent's")
                    .isSameAs(SchemaModule.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
            assertThatThrownBy(() -> loader.loadClass("org.assertj.core.api.Assertions"))
                    .as("the rest of the parent's class path is out of sight")
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(Collections.list(loader.getResources("META-INF/services/" + SchemaModule.class.getName())))
                    .extracting(URL::toString).singleElement().asString().contains("orders-2.0.0.jar");
            assertThat(SchemaCatalog.discover(loader).familyNames())
                    .as("the parent's family 'events' is not discovered").containsExactly("orders");
            assertThat(SchemaCatalog.discover(parent).familyNames()).contains("events");
        }
    }

    @Test
    void aFamilyInBothTheParentAndTheResolvedJarsIsTheResolvedOne() throws Exception {
        Path older = family("events", "1.0.0");
        ResolvedFamilies resolved = ResolvedFamilies.of(List.of(family("events", "2.0.0")));

        try (URLClassLoader parent = FamilyJar.loaderOf(older); URLClassLoader loader = resolved.loader(parent)) {
            SchemaModule events = SchemaCatalog.discover(loader).family("events").orElseThrow();

            assertThat(events.artifactVersion()).isEqualTo("2.0.0");
            assertThat(events.getClass().getClassLoader()).isSameAs(loader);
        }
    }

    @Test
    void jarsFromElsewhereAreCheckedForFamilies() throws IOException {
        Path plain = temp.resolve("plain.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            out.putNextEntry(new java.util.jar.JarEntry("x.txt"));
            out.closeEntry();
        }
        Path orders = family("orders", "2.0.0");

        try (ResolvedFamilies resolved = ResolvedFamilies.of(List.of(orders, plain))) {
            assertThat(resolved.artifacts()).extracting(ResolvedArtifact::family).containsExactly(true, false);
            assertThat(resolved.families()).extracting(ResolvedArtifact::coordinates).containsExactly("orders-2.0.0.jar");
            assertThat(resolved.jars()).containsExactly(orders, plain);
            SchemaModule module = resolved.catalog().family("orders").orElseThrow();
            assertThat(module.readScript(module.migrations().get(0))).contains("CREATE TABLE IF NOT EXISTS orders");
            assertThat(resolved.catalog()).as("made once").isSameAs(resolved.catalog());
        }
    }
}
