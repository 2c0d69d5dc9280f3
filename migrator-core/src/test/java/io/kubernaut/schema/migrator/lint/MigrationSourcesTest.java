package io.kubernaut.schema.migrator.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a family's folder: which format it is, and every reason it cannot be a family, with file:line. */
class MigrationSourcesTest {

    @TempDir
    Path work;

    private static final String UP_DOWN = "-- +goose Up\nCREATE TABLE t (id int);\n\n-- +goose Down\nDROP TABLE t;\n";

    @Test
    void gooseFilesKeepTheirVersionsAndShipOnlyTheirUpSection() {
        MigrationSources sources = Folder.read(work, Map.of("001_init.sql", UP_DOWN,
                "002_index.sql", "-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (id);\n"));

        assertThat(sources.format()).isEqualTo(ScriptFormat.GOOSE);
        assertThat(sources.scripts()).extracting(MigrationScript::version).containsExactly(1, 2);
        assertThat(sources.scripts()).extracting(MigrationScript::description).containsExactly("init", "index");
        assertThat(sources.scripts().get(0).runText()).isEqualTo("-- +goose Up\nCREATE TABLE t (id int);\n\n");
        assertThat(sources.scripts().get(0).text()).isEqualTo(UP_DOWN);
        assertThat(sources.scripts()).extracting(MigrationScript::transactional).containsExactly(true, false);
    }

    @Test
    void versionedScriptsRunWhole() {
        MigrationSources sources = Folder.read(work, Map.of("V1__init.sql", "CREATE TABLE t (id int);\n",
                "V2__index.sql", "-- migrator: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (id);\n"));

        assertThat(sources.format()).isEqualTo(ScriptFormat.VERSIONED);
        assertThat(sources.scripts()).extracting(MigrationScript::runText)
                .containsExactly("CREATE TABLE t (id int);\n", "-- migrator: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (id);\n");
        assertThat(sources.scripts()).extracting(MigrationScript::transactional).containsExactly(true, false);
    }

    @Test
    void aVersionedScriptWithGooseAnnotationsIsRefusedAtTheirLines() {
        Folder.write(work, Map.of("V1__init.sql", UP_DOWN));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .satisfies(e -> assertThat(((MigrationSourceException) e).problems()).containsExactly(
                        work.resolve("V1__init.sql") + ":1: " + goose("1_init.sql"),
                        work.resolve("V1__init.sql") + ":4: " + goose("1_init.sql")));
    }

    @Test
    void transactionControlIsRefusedAtItsFileAndLineInBothFormats() {
        Path versioned = work.resolve("versioned");
        Folder.write(versioned, Map.of("V1__init.sql", "CREATE TABLE IF NOT EXISTS t (id int);\nCOMMIT;\n",
                "V2__load.sql", "-- loads\nBEGIN;\nCOPY t FROM STDIN;\nROLLBACK TO SAVEPOINT s;\nEND;\n"));
        Path goose = work.resolve("goose");
        Folder.write(goose, Map.of("001_init.sql", "-- +goose Up\nCREATE TABLE IF NOT EXISTS t (id int);\nROLLBACK;\n"
                + "-- +goose Down\nCOMMIT;\n"));

        assertThatThrownBy(() -> MigrationSources.read(versioned)).isInstanceOf(MigrationSourceException.class)
                .satisfies(e -> assertThat(((MigrationSourceException) e).problems()).containsExactly(
                        versioned.resolve("V1__init.sql") + ":2: COMMIT is refused in a migration script: "
                                + TransactionControl.REASON,
                        versioned.resolve("V2__load.sql") + ":2: BEGIN is refused in a migration script: "
                                + TransactionControl.REASON,
                        versioned.resolve("V2__load.sql") + ":3: COPY … FROM STDIN is refused in a migration script: "
                                + TransactionControl.REASON,
                        versioned.resolve("V2__load.sql") + ":5: END is refused in a migration script: "
                                + TransactionControl.REASON));
        // Only the Up section runs: a COMMIT in the Down section is goose's business.
        assertThatThrownBy(() -> MigrationSources.read(goose)).isInstanceOf(MigrationSourceException.class)
                .satisfies(e -> assertThat(((MigrationSourceException) e).problems()).containsExactly(
                        goose.resolve("001_init.sql") + ":3: ROLLBACK is refused in a migration script: "
                                + TransactionControl.REASON));
    }

    @Test
    void aByteOrderMarkIsDroppedAndCarriageReturnsInsideLiteralsStay() {
        MigrationSources sources = Folder.read(work, Map.of("V1__init.sql",
                "\uFEFFCREATE TABLE IF NOT EXISTS t (note text);\r\nINSERT INTO t VALUES ('a\rb');\r\n"));

        assertThat(sources.scripts().get(0).runText())
                .isEqualTo("CREATE TABLE IF NOT EXISTS t (note text);\nINSERT INTO t VALUES ('a\rb');\n");
    }

    private static String goose(String name) {
        return "a goose annotation in a V<n>__ script, where it would be a plain comment and a Down section would run"
                + " right after the Up section: name the file as goose does (" + name + ", in a folder of goose files) or"
                + " remove the goose annotations";
    }

    @Test
    void aGooseFileWhoseDownSectionWouldRunIsRefusedWithFileAndLine() {
        Folder.write(work, Map.of("001_init.sql", "-- +goose Up\nCREATE TABLE t (id int);\n-- +goose down:\nDROP TABLE t;\n"));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining(work.resolve("001_init.sql") + ":3: '-- +goose down:' is not a goose annotation goose runs");
    }

    @Test
    void timestampVersionsAreRefusedWithTheWayOut() {
        Folder.write(work, Map.of("20240101120000_init.sql", UP_DOWN));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("20240101120000_init.sql: version 20240101120000 is a goose timestamp")
                .hasMessageContaining("'goose fix'");
    }

    @Test
    void aGapInGooseVersionsIsRefused() {
        Folder.write(work, Map.of("001_init.sql", UP_DOWN, "003_more.sql", "-- +goose Up\nSELECT 1;\n"));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("003_more.sql comes where 2 was expected");
    }

    @Test
    void aFolderMixingFormatsIsRefusedNamingOneOfEach() {
        Folder.write(work, Map.of("001_init.sql", UP_DOWN, "V2__more.sql", "SELECT 1;\n"));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("mixes V<n>__ scripts (V2__more.sql) and goose files (001_init.sql)");
    }

    @Test
    void aGooseMigrationInGoIsRefused() {
        Folder.write(work, Map.of("001_init.sql", UP_DOWN, "002_backfill.go", "package migrations\n"));

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("002_backfill.go: a goose migration written in Go cannot be part of a family");
    }

    @Test
    void theFormatCanBeGivenAndThenOtherNamesAreRefused() {
        Folder.write(work, Map.of("001_init.sql", UP_DOWN));

        assertThatThrownBy(() -> MigrationSources.read(work, ScriptFormat.VERSIONED))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("001_init.sql: a migration's name must be V<version>__<description>.sql");
        assertThat(ScriptFormat.parse("Goose")).isEqualTo(ScriptFormat.GOOSE);
        assertThat(ScriptFormat.parse("auto")).isNull();
        assertThatThrownBy(() -> ScriptFormat.parse("flyway")).hasMessageContaining("use auto, versioned or goose");
    }

    @Test
    void versionedScriptsAreReadInVersionOrderWithDescriptionsAndTransactionMode() throws Exception {
        Files.writeString(work.resolve("V10__ten.sql"), "SELECT 10;");
        for (int i = 1; i <= 9; i++) {
            Files.writeString(work.resolve("V" + i + "__step_" + i + ".sql"), i == 2
                    ? "-- why\n-- migrator: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (id);" : "SELECT 1;");
        }
        Files.writeString(work.resolve("README.md"), "not a script");

        List<MigrationScript> scripts = MigrationSources.read(work).scripts();

        assertThat(scripts).extracting(MigrationScript::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(scripts.get(1).description()).isEqualTo("step 2");
        assertThat(scripts.get(1).transactional()).isFalse();
        assertThat(scripts.get(0).transactional()).isTrue();
    }

    @Test
    void directiveAfterTheFirstStatementDoesNotCount() throws Exception {
        Files.writeString(work.resolve("V1__a.sql"), "SELECT 1;\n-- migrator: no-transaction\n");

        assertThat(MigrationSources.read(work).scripts().get(0).transactional()).isTrue();
    }

    @Test
    void misnamedScriptIsRefusedWithItsName() throws Exception {
        Files.writeString(work.resolve("V1__ok.sql"), "SELECT 1;");
        Files.writeString(work.resolve("v2-oops.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("v2-oops.sql").hasMessageContaining("V<version>__<description>.sql");
    }

    @Test
    void gapInVersionsIsRefused() throws Exception {
        Files.writeString(work.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(work.resolve("V3__c.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("V3__c.sql comes where V2 was expected");
    }

    @Test
    void duplicateVersionIsRefused() throws Exception {
        Files.writeString(work.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(work.resolve("V1__b.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationSources.read(work)).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("have the same version V1");
    }

    @Test
    void missingFolderIsRefused() {
        assertThatThrownBy(() -> MigrationSources.read(work.resolve("absent"))).isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("no script folder");
    }
}
