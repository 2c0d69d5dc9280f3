package io.kubernaut.schema.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.cli.Cli.Result;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The families the {@code ./migrator} script names in {@code MIGRATOR_PROJECT_FAMILIES} (this project's own)
 * are used only when the command line gives no family set: a family of the same tables given with
 * {@code --classpath} replaces them instead of being refused as a duplicate.
 */
class ProjectFamiliesTest {

    @TempDir
    Path jars;

    private Map<String, String> environment;
    private Path newer;

    @BeforeEach
    void jars() {
        Path project = Cli.events("1.2.0").writeTo(jars.resolve("project"));
        newer = Cli.events("1.3.0").migration("V3__add_source.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS source TEXT;")
                .writeTo(jars.resolve("given"));
        environment = Map.of(ClasspathOptions.PROJECT_FAMILIES, project.toString());
    }

    @Test
    void withoutAFamilySetTheProjectsFamiliesAreUsed() {
        Result list = Cli.run(environment, "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("(?m)^events +1\\.2\\.0 ");
    }

    @Test
    void aFamilyGivenWithClasspathReplacesTheProjectsOwnInsteadOfBeingADuplicate() {
        TestPostgres.Database database = TestPostgres.newDatabase();

        Result list = Cli.run(environment, Cli.args("list", Cli.classpath(newer)));
        Result apply = Cli.run(environment, Cli.args("apply", Cli.connect(database), Cli.classpath(newer), "--families",
                "events"));

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("(?m)^events +1\\.3\\.0 ").doesNotContain("1.2.0");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(database.history("public")).containsExactly("events V1 1.3.0 true", "events V2 1.3.0 true",
                "events V3 1.3.0 true");
        assertThat(database.columns("public", "events")).contains("source");
    }
}
