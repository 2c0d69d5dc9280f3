package io.kubernaut.schema.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code verifyNoDrift} builds on: a guard reports each change once, and refuses families it cannot check. */
class DriftGuardTest {

    @TempDir
    Path jars;

    private final TestPostgres.Database database = TestPostgres.newDatabase();

    private Migrator migrator(FamilyJar family) {
        return Migrator.using(database.dataSource()).withListener(MigrationListener.silent())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(family.writeTo(jars))));
    }

    private static FamilyJar notes() {
        return FamilyJar.family("notes").migration("V1__create_notes.sql",
                "CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY, body TEXT);");
    }

    @Test
    void eachChangeIsReportedOnceAndDriftFromBeforeTheStartIsNotBlamedOnATest() {
        Migrator migrator = migrator(notes().withSnapshot());
        migrator.apply();
        database.execute("ALTER TABLE notes ADD COLUMN before_start TEXT");

        DriftGuard guard = DriftGuard.start(migrator);

        assertThat(guard.check()).isEmpty();
        database.execute("ALTER TABLE notes DROP COLUMN body");
        Map<String, List<Drift>> drift = guard.check();
        assertThat(drift).containsOnlyKeys("notes");
        assertThat(drift.get("notes")).extracting(Drift::describe).containsExactly("missing column notes.body (expected: text null)");
        assertThat(guard.check()).as("reported already").isEmpty();
    }

    @Test
    void aFamilyWithoutASnapshotCannotBeGuarded() {
        Migrator migrator = migrator(notes());
        migrator.apply();

        IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> DriftGuard.start(migrator));

        assertThat(e).hasMessage("verifyNoDrift needs each family's schema snapshot, but 'notes' 1.0.0 ships none:"
                + " rebuild the family with the schema Maven plugin, narrow the selection, or turn verifyNoDrift off");
    }
}
