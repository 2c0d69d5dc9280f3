package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history table made by the first release (no {@code kind} and {@code note} columns) keeps
 * working: read as it is by status, brought up to date by the next apply, its rows kept.
 */
class HistoryTableUpgradeTest {

    /** The history table exactly as release 0.1.0 created it. */
    private static final String FIRST_RELEASE_HISTORY = "CREATE TABLE public.schema_registry_history (\n"
            + "  family TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, script TEXT NOT NULL,\n"
            + "  checksum TEXT NOT NULL, artifact_version TEXT NOT NULL,\n"
            + "  installed_by TEXT NOT NULL DEFAULT current_user, installed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
            + "  execution_ms INTEGER NOT NULL, success BOOLEAN NOT NULL,\n"
            + "  CONSTRAINT schema_registry_history_pk PRIMARY KEY (family, version))";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private Migrator migrator;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(
                FamilyJar.family("notes")
                        .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);")
                        .migration("V2__add_body.sql", "ALTER TABLE notes ADD COLUMN IF NOT EXISTS body TEXT;")
                        .writeTo(jars))));
    }

    @Test
    void statusReadsAFirstReleaseHistoryWithoutChangingIt() {
        migrator.apply();
        rewriteAsFirstRelease("version = 1");
        database.execute("ALTER TABLE notes DROP COLUMN body");

        StatusReport status = migrator.status();

        assertThat(status.families()).singleElement().satisfies(f -> {
            assertThat(f.applied()).containsExactly(1);
            assertThat(f.pending()).containsExactly(2);
        });
        assertThat(database.columns("public", "schema_registry_history")).doesNotContain("kind", "note");
    }

    @Test
    void applyAddsTheNewColumnsAndKeepsTheRows() {
        migrator.apply();
        rewriteAsFirstRelease("version = 1");
        database.execute("ALTER TABLE notes DROP COLUMN body");

        ApplyResult result = migrator.apply();

        assertThat(result.applied()).extracting(a -> a.migration().version()).containsExactly(2);
        assertThat(database.column("SELECT version || ' ' || kind || ' ' || coalesce(note, '-') || ' ' || execution_ms"
                + " FROM public.schema_registry_history ORDER BY version")).first().isEqualTo("1 applied - 12345");
        assertThat(database.column("SELECT version || ' ' || kind FROM public.schema_registry_history ORDER BY version"))
                .containsExactly("1 applied", "2 applied");
        assertThat(migrator.apply().nothingApplied()).isTrue();
    }

    /** Replaces the history table with a first-release one holding the current rows that match {@code condition}. */
    private void rewriteAsFirstRelease(String condition) {
        database.execute("CREATE TABLE kept AS SELECT * FROM public.schema_registry_history WHERE " + condition + ";"
                + " DROP TABLE public.schema_registry_history; " + FIRST_RELEASE_HISTORY + ";"
                + " INSERT INTO public.schema_registry_history (family, version, description, script, checksum,"
                + " artifact_version, execution_ms, success) SELECT family, version, description, script, checksum,"
                + " artifact_version, 12345, success FROM kept; DROP TABLE kept");
    }
}
