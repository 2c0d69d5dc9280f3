package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule of the module boundaries: no code outside migrator-core (main or test, in any module of
 * this repository, the examples and outside projects included) uses {@code io.kubernaut.schema.migrator.internal};
 * what other modules need is public API. The module descriptor enforces it for modules on the module
 * path; this test enforces it for the class path, where every public class can be reached.
 */
class ModuleBoundaryTest {

    private static final Pattern INTERNAL = Pattern.compile("io\\.kubernaut\\.schema\\.migrator\\.internal\\.(\\w+)");

    @Test
    void noCodeOutsideMigratorCoreUsesItsInternalPackage() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".groovy"))
                    .filter(file -> !inCoreOrBuildOutput(root.relativize(file)))
                    .toList();
        }
        List<String> uses = sources.stream().flatMap(file -> internalUses(root, file)).toList();

        assertThat(sources).as("the sources checked").contains(
                root.resolve("migrator-cli/src/main/java/io/kubernaut/schema/cli/CompatCommand.java"),
                root.resolve("schema-maven-plugin/src/main/java/io/kubernaut/schema/maven/CheckCompatibilityMojo.java"),
                root.resolve("schema-audit-events/src/test/java/io/kubernaut/schema/audit/AuditEventsFamilyTest.java"));
        assertThat(uses).as("uses of io.kubernaut.schema.migrator.internal outside migrator-core (use the public API)")
                .isEmpty();
    }

    @Test
    void theRuleSeesAnImportOfTheInternalPackage() {
        Matcher matcher = INTERNAL.matcher("import io.kubernaut.schema.migrator.internal.SqlScript;");

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group(1)).isEqualTo("SqlScript");
    }

    /** The repository's root: the parent of this module's folder (where surefire runs the tests). */
    private static Path repositoryRoot() {
        Path module = Path.of("").toAbsolutePath();
        Path root = module.getParent();
        assertThat(module.getFileName().toString()).as("the tests run in migrator-core's folder").isEqualTo("migrator-core");
        assertThat(root.resolve("pom.xml")).as("the repository's parent POM").isRegularFile();
        return root;
    }

    private static boolean inCoreOrBuildOutput(Path relative) {
        if (relative.getNameCount() > 0 && relative.getName(0).toString().equals("migrator-core")) {
            return true;
        }
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Stream<String> internalUses(Path root, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String where = root.relativize(file).toString().replace('\\', '/');
        Matcher matcher = INTERNAL.matcher(text);
        Stream.Builder<String> uses = Stream.builder();
        while (matcher.find()) {
            uses.add(where + ": " + matcher.group(1));
        }
        return uses.build().distinct();
    }
}
