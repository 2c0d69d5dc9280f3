package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals when artifacts and database disagree: an edited migration, a database ahead, a family provided twice. */
class ConflictTest {

    private static final String V1 = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);";
    private static final String V1_EDITED = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY, extra TEXT);";
    private static final String V2 = "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;";
    private static final String V3 = "CREATE TABLE IF NOT EXISTS event_tags (event_id BIGINT, tag TEXT);";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)));
    }

    private Path events(String version, String directory, String... scripts) {
        FamilyJar jar = FamilyJar.family("events").tables("events", "event_tags").version(version);
        String[] names = {"V1__create_events.sql", "V2__add_kind.sql", "V3__create_event_tags.sql"};
        for (int i = 0; i < scripts.length; i++) {
            jar.migration(names[i], scripts[i]);
        }
        return jar.writeTo(jars.resolve(directory));
    }

    @Test
    void anEditedMigrationIsRefusedWithBothChecksumsAndNothingOfTheNewJarIsApplied() {
        migrator(events("1.0.0", "old", V1, V2)).apply();
        Path edited = events("1.1.0", "edited", V1_EDITED, V2, V3);

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> migrator(edited).apply());

        assertThat(e.conflicts()).singleElement().isInstanceOfSatisfying(Conflict.ChecksumMismatch.class, mismatch -> {
            assertThat(mismatch.family()).isEqualTo("events");
            assertThat(mismatch.version()).isEqualTo(1);
            assertThat(mismatch.script()).isEqualTo("V1__create_events.sql");
            assertThat(mismatch.appliedChecksum()).isEqualTo(FamilyIndex.checksum(V1));
            assertThat(mismatch.artifactChecksum()).isEqualTo(FamilyIndex.checksum(V1_EDITED));
            assertThat(mismatch.appliedArtifactVersion()).isEqualTo("1.0.0");
            assertThat(mismatch.artifactVersion()).isEqualTo("1.1.0");
        });
        assertThat(e.getMessage()).contains("'events' V1 (V1__create_events.sql)", FamilyIndex.checksum(V1),
                FamilyIndex.checksum(V1_EDITED), "Nothing was applied");
        assertThat(database.tables("public")).doesNotContain("event_tags");
        assertThat(database.columns("public", "events")).doesNotContain("extra");
        assertThat(database.history("public")).containsExactly("events V1 1.0.0 true", "events V2 1.0.0 true");
    }

    @Test
    void onlyTheLineEndsDifferingIsNotAnEdit() {
        migrator(events("1.0.0", "unix", V1 + "\n-- end\n", V2)).apply();

        ApplyResult result = migrator(events("1.0.0", "windows", V1 + "\r\n-- end\r\n", V2)).apply();

        assertThat(result.nothingApplied()).isTrue();
    }

    @Test
    void aDatabaseAheadOfTheArtifactIsRefusedByDefault() {
        migrator(events("2.0.0", "new", V1, V2, V3)).apply();

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> migrator(events("1.0.0", "old", V1, V2)).apply());

        assertThat(e.conflicts()).singleElement().isInstanceOfSatisfying(Conflict.DatabaseAhead.class, ahead -> {
            assertThat(ahead.family()).isEqualTo("events");
            assertThat(ahead.unknownVersions()).containsExactly(3);
            assertThat(ahead.latestArtifactVersion()).isEqualTo(2);
            assertThat(ahead.appliedArtifactVersion()).isEqualTo("2.0.0");
            assertThat(ahead.artifactVersion()).isEqualTo("1.0.0");
        });
        assertThat(e.getMessage()).contains("V3", "'events'", "2.0.0", "1.0.0", "AheadPolicy.ALLOW");
    }

    @Test
    void aDatabaseAheadIsAcceptedWithAWarningWhenAllowed() {
        migrator(events("2.0.0", "new", V1, V2, V3)).apply();
        List<String> heard = new ArrayList<>();

        ApplyResult result = migrator(events("1.0.0", "old", V1, V2))
                .withConfig(MigrationConfig.builder().aheadPolicy(AheadPolicy.ALLOW).build())
                .withListener(new MigrationListener() {
                    @Override
                    public void warning(String message) {
                        heard.add(message);
                    }
                })
                .apply();

        assertThat(result.nothingApplied()).isTrue();
        assertThat(result.alreadyApplied()).isEqualTo(2);
        assertThat(result.warnings()).singleElement().asString().contains("V3", "'events'");
        assertThat(heard).isEqualTo(result.warnings());
        assertThat(database.history("public")).hasSize(3);
    }

    @Test
    void aDatabaseAheadStillRunsTheArtifactsPendingMigrationsOfOtherFamiliesWhenAllowed() {
        migrator(events("2.0.0", "new", V1, V2, V3)).apply();
        Path notes = FamilyJar.family("notes")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);").writeTo(jars);

        ApplyResult result = migrator(events("1.0.0", "old", V1, V2), notes)
                .withConfig(MigrationConfig.builder().aheadPolicy(AheadPolicy.ALLOW).build()).apply();

        assertThat(result.applied()).extracting(a -> a.migration().family()).containsExactly("notes");
    }

    @Test
    void twoJarsOfOneFamilyOnTheClassPathAreRefusedNamingBothJarsAndVersions() {
        Path older = events("1.0.0", "a", V1, V2);
        Path newer = events("1.1.0", "b", V1, V2, V3);

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> SchemaCatalog.discover(FamilyJar.loaderOf(older, newer)));

        assertThat(e.conflicts()).singleElement().isInstanceOfSatisfying(Conflict.DuplicateFamily.class, duplicate -> {
            assertThat(duplicate.family()).isEqualTo("events");
            assertThat(duplicate.sources()).extracting(Conflict.DuplicateFamily.Source::location)
                    .containsExactly(older.toString(), newer.toString());
            assertThat(duplicate.sources()).extracting(Conflict.DuplicateFamily.Source::artifactVersion)
                    .containsExactly("1.0.0", "1.1.0");
        });
        assertThat(e.getMessage()).contains(older.toString(), newer.toString(), "1.0.0", "1.1.0");
    }

    @Test
    void jarPathsWithSpacesAreNamedAsOnDisk() {
        Path older = events("1.0.0", "my jars/a", V1, V2);
        Path newer = events("1.1.0", "my jars/b", V1, V2, V3);

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> SchemaCatalog.discover(FamilyJar.loaderOf(older, newer)));

        assertThat(e.getMessage()).contains(older.toString(), newer.toString());
    }

    @Test
    void aDuplicateFamilyOnTheContextClassLoaderStopsApplyBeforeAnythingIsApplied() {
        Path older = events("1.0.0", "a", V1, V2);
        Path newer = events("1.1.0", "b", V1, V2, V3);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FamilyJar.loaderOf(older, newer));
        try {
            catchThrowableOfType(ConflictException.class, () -> Migrator.using(database.dataSource()).apply());
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void twoProviderClassesClaimingOneFamilyAreRefusedNamingBothJars() {
        Path first = FamilyJar.family("events").version("1.0.0").providerClass("com.first.EventsSchema")
                .migration("V1__create_events.sql", V1).writeTo(jars.resolve("first"));
        Path second = FamilyJar.family("events").version("2.0.0").providerClass("com.second.EventsSchema")
                .migration("V1__create_events.sql", V1).writeTo(jars.resolve("second"));

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> SchemaCatalog.discover(FamilyJar.loaderOf(first, second)));

        assertThat(e.conflicts()).singleElement().isInstanceOfSatisfying(Conflict.DuplicateFamily.class, duplicate -> {
            assertThat(duplicate.family()).isEqualTo("events");
            assertThat(duplicate.sources()).extracting(Conflict.DuplicateFamily.Source::artifactVersion)
                    .containsExactlyInAnyOrder("1.0.0", "2.0.0");
        });
        assertThat(e.getMessage()).contains(first.toString(), second.toString());
    }

    @Test
    void aTableClaimedByTwoFamiliesIsRefusedNamingBoth() {
        Path one = FamilyJar.family("one").tables("shared")
                .migration("V1__create_shared.sql", "CREATE TABLE IF NOT EXISTS shared (id INT);").writeTo(jars);
        Path two = FamilyJar.family("two").tables("shared")
                .migration("V1__create_shared.sql", "CREATE TABLE IF NOT EXISTS shared (id INT);").writeTo(jars);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> SchemaCatalog.discover(FamilyJar.loaderOf(one, two)));

        assertThat(e.getMessage()).contains("'shared'", "'one'", "'two'");
    }
}
