package io.kubernaut.schema.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.migrator.MigrationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A failing migration stops the application, and Boot's failure report carries the migrator's message. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @Test
    void aFailingMigrationStopsTheStartWithTheMigratorsMessageAndWhatToDo(CapturedOutput output) {
        String url = Databases.fresh();
        // A view named like the family's table: CREATE TABLE IF NOT EXISTS skips it, and the next statement fails.
        Databases.execute(url, "CREATE VIEW workflows AS SELECT 1 AS workflow_id");

        Throwable failure = catchThrowable(() -> new SpringApplication(TestApplication.class).run(
                "--spring.datasource.url=" + url, "--spring.datasource.username=" + Databases.user(),
                "--schema.registry.families=workflows", "--spring.main.web-application-type=none"));

        Throwable cause = failure;
        while (cause != null && !(cause instanceof MigrationFailedException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(MigrationFailedException.class)
                .hasMessageStartingWith("migration 'workflows' V1 (V1__create_workflows.sql:").hasMessageContaining("[SQLSTATE 42809]");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("The schema registry could not apply the table families: migration 'workflows' V1")
                .contains("Fix the migration or the database named above");
        assertThat(Databases.query(url, "SELECT count(*) FROM " + Defaults.HISTORY_TABLE + " WHERE success")).isEqualTo("0");
        assertThat(Databases.tableExists(url, "public", "workflow_versions")).isFalse();
    }
}
