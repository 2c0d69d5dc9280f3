package io.kubernaut.schema.junit.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published families work on the module path: a JVM whose module path holds migrator-core, the
 * two family artifacts and their dependencies (jOOQ, pgjdbc, SLF4J), and nothing else, finds both
 * families through their {@code provides} clauses (not the class path's services files) and applies
 * them. The other tests run on the class path, where the same artifacts are plain jars.
 */
class FamiliesOnTheModulePathTest {

    /** What the child's module path holds: our modules (explicit), and the libraries they require. */
    private static final Set<String> OUR_MODULES = Set.of("io.kubernaut.schema.migrator", "io.kubernaut.schema.audit",
            "io.kubernaut.schema.workflows");
    private static final Set<String> LIBRARIES = Set.of("org.jooq", "r2dbc.spi", "org.reactivestreams",
            "org.postgresql.jdbc", "org.slf4j");

    @TempDir
    Path work;

    @Test
    void bothFamiliesAreFoundInTheirModulesAndApplied() throws Exception {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Map<String, Path> modulePath = modulePath();
        assertThat(modulePath.keySet()).as("module path").containsExactlyInAnyOrderElementsOf(
                Stream.concat(OUR_MODULES.stream(), LIBRARIES.stream()).toList());

        Path out = work.resolve("child.out");
        Path err = work.resolve("child.err");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "--module-path", join(modulePath.values()), "--add-modules", "ALL-MODULE-PATH",
                // The child's own main class: this module's test classes, in the unnamed module.
                "-cp", Path.of(ApplyOnModulePath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                ApplyOnModulePath.class.getName(), database.jdbcUrl(), database.server().user());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("SCHEMA_TEST_PASSWORD", database.server().password());
        Process child = builder.start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("exit code; stderr: %s", Files.readString(err, StandardCharsets.UTF_8)).isZero();

        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).contains(
                "family audit_events in module io.kubernaut.schema.audit",
                "family workflows in module io.kubernaut.schema.workflows");
        assertThat(database.tables("public")).contains("audit_events", "workflows", "workflow_versions",
                "schema_registry_history");
        assertThat(database.column("SELECT DISTINCT family FROM public.schema_registry_history WHERE success ORDER BY 1"))
                .containsExactly("audit_events", "workflows");
    }

    /**
     * The entries of this test's class path that hold the modules the child needs, by module name:
     * ours as explicit modules (their {@code module-info}), the libraries as whatever they are.
     */
    private static Map<String, Path> modulePath() {
        Map<String, Path> found = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                continue;
            }
            for (ModuleReference module : modulesIn(path)) {
                String name = module.descriptor().name();
                boolean ours = OUR_MODULES.contains(name) && !module.descriptor().isAutomatic();
                if ((ours || LIBRARIES.contains(name)) && !found.containsKey(name)) {
                    found.put(name, path);
                }
            }
        }
        return found;
    }

    private static Set<ModuleReference> modulesIn(Path entry) {
        try {
            return ModuleFinder.of(entry).findAll();
        } catch (FindException e) {
            // Not a valid module (e.g. a jar whose name gives no module name): not one the child needs.
            return Set.of();
        }
    }

    private static String join(Iterable<Path> paths) {
        List<String> parts = new ArrayList<>();
        paths.forEach(path -> parts.add(path.toString()));
        return String.join(File.pathSeparator, parts);
    }
}
