package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.JarRewrite;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripts reach PostgreSQL as they were written: a leading byte order mark is not part of the script,
 * carriage returns inside string literals stay, and an index can name only plain script files.
 */
class ScriptTextTest {

    private static final String SCHEMA = "tenant";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private ApplyResult apply(Path jar) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)))
                .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLeadingByteOrderMarkIsNeitherRunNorPartOfTheChecksum() throws Exception {
        String script = "CREATE TABLE IF NOT EXISTS events (id INT);\nINSERT INTO events VALUES (1);\n";

        apply(FamilyJar.family("events").migration("V1__create_events.sql", "\uFEFF" + script).writeTo(jars));

        assertThat(database.value("SELECT count(*) FROM tenant.events")).isEqualTo("1");
        assertThat(database.value("SELECT checksum FROM tenant.schema_registry_history")).isEqualTo(sha256(script));
        assertThat(FamilyIndex.checksum("\uFEFF" + script)).isEqualTo(FamilyIndex.checksum(script));
    }

    @Test
    void carriageReturnsInsideStringLiteralsReachTheDatabase() {
        apply(FamilyJar.family("notes").migration("V1__create_notes.sql",
                "CREATE TABLE IF NOT EXISTS notes (id INT, note TEXT);\r\n"
                        + "INSERT INTO notes VALUES (1, 'a\r\nb'), (2, 'c\rd'),\r\n (3, 'e\nf');\r\n"
                        + "SELECT 1 FROM notes WHERE id = 1;\r\n").writeTo(jars));

        assertThat(database.column("SELECT replace(replace(note, E'\\r', '<CR>'), E'\\n', '<LF>') FROM tenant.notes ORDER BY id"))
                .containsExactly("a<CR><LF>b", "c<CR>d", "e<LF>f");
    }

    @Test
    void anErrorInAScriptWithCrlfLineEndsNamesTheRightLine() {
        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> apply(FamilyJar
                .family("notes").migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);\r\n\r\n"
                        + "INSERT INTO notes\r\nVALUES (nope);\r\n").writeTo(jars)));

        assertThat(e.line()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "V1__../../other/V1__x.sql", "../V1__create_events.sql", "V1__create_events",
        "V2__create_events.sql", "V1__.sql", "sub\\\\V1__create_events.sql"})
    void aScriptNameThatIsNotAPlainScriptFileIsRefusedWhenTheIndexIsRead(String name) {
        Path built = FamilyJar.family("events").migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .writeTo(jars.resolve("built"));
        Path jar = JarRewrite.of(built)
                .editIndex("events", index -> index.replace("migration.1.script=V1__create_events.sql",
                        "migration.1.script=" + name))
                .writeTo(jars.resolve("altered/events-1.0.0.jar"));

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> apply(jar));

        assertThat(e.getMessage()).contains("Cannot load a table family", FamilyLayout.indexPath("events"),
                "Migration V1's script must be a plain file name V1__<description>.sql");
        assertThat(database.schemas()).containsExactly("public");
    }
}
