package io.kubernaut.schema.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptFilesTest {

    @TempDir
    Path sql;

    @Test
    void scriptsAreReadInVersionOrderWithDescriptionsAndTransactionMode() throws Exception {
        Files.writeString(sql.resolve("V10__ten.sql"), "SELECT 10;");
        for (int i = 1; i <= 9; i++) {
            Files.writeString(sql.resolve("V" + i + "__step_" + i + ".sql"), i == 2
                    ? "-- why\n-- migrator: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);" : "SELECT 1;");
        }
        Files.writeString(sql.resolve("README.md"), "not a script");

        List<ScriptFile> scripts = ScriptFiles.read(sql);

        assertThat(scripts).extracting(ScriptFile::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(scripts.get(1).description()).isEqualTo("step 2");
        assertThat(scripts.get(1).transactional()).isFalse();
        assertThat(scripts.get(0).transactional()).isTrue();
    }

    @Test
    void directiveAfterTheFirstStatementDoesNotCount() throws Exception {
        Files.writeString(sql.resolve("V1__a.sql"), "SELECT 1;\n-- migrator: no-transaction\n");

        assertThat(ScriptFiles.read(sql).get(0).transactional()).isTrue();
    }

    @Test
    void misnamedScriptIsRefusedWithItsName() throws Exception {
        Files.writeString(sql.resolve("V1__ok.sql"), "SELECT 1;");
        Files.writeString(sql.resolve("v2-oops.sql"), "SELECT 1;");

        assertThatThrownBy(() -> ScriptFiles.read(sql)).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("v2-oops.sql").hasMessageContaining("V<version>__<description>.sql");
    }

    @Test
    void gapInVersionsIsRefused() throws Exception {
        Files.writeString(sql.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(sql.resolve("V3__c.sql"), "SELECT 1;");

        assertThatThrownBy(() -> ScriptFiles.read(sql)).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("V3__c.sql comes where V2 was expected");
    }

    @Test
    void duplicateVersionIsRefused() throws Exception {
        Files.writeString(sql.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(sql.resolve("V1__b.sql"), "SELECT 1;");

        assertThatThrownBy(() -> ScriptFiles.read(sql)).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("have the same version V1");
    }

    @Test
    void missingFolderIsRefused() {
        assertThatThrownBy(() -> ScriptFiles.read(sql.resolve("absent"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("no script folder");
    }
}
