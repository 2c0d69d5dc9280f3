package io.kubernaut.schema.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.DriftState;
import io.kubernaut.schema.migrator.FamilyDrift;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Migrator.verify()} with the project's real family jars (schema-audit-events, schema-workflows),
 * whose snapshots the schema Maven plugin took at build time: none after apply, in any schema, and a
 * hand-made change to each family is caught.
 */
class RealFamiliesVerifyTest {

    @ParameterizedTest
    @ValueSource(strings = {"public", "audit", "Tenant \"B\"; DROP SCHEMA public; --"})
    void theRealFamiliesMatchTheirSnapshotsAfterApplyAndHandMadeDriftIsCaught(String schema) {
        TestPostgres.Database database = TestPostgres.newDatabase();
        Migrator migrator = Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(getClass().getClassLoader()))
                .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().schema(schema).build());
        migrator.apply();

        DriftReport clean = migrator.verify();

        assertThat(clean.families()).extracting(FamilyDrift::name).containsExactly("audit_events", "workflows");
        assertThat(clean.families()).as(clean.toString()).extracting(FamilyDrift::state)
                .containsOnly(DriftState.MATCHES);

        String table = '"' + schema.replace("\"", "\"\"") + '"';
        database.execute("ALTER TABLE " + table + ".audit_events ALTER COLUMN retention_days SET DEFAULT 30;"
                + " DROP TRIGGER workflows_updated_at ON " + table + ".workflows");
        DriftReport drifted = migrator.verify();

        assertThat(drifted.hasDrift()).isTrue();
        assertThat(drifted.family("audit_events").orElseThrow().differences()).extracting(Drift::describe)
                .containsExactly("default of column audit_events.retention_days changed: expected 2555, found 30");
        assertThat(drifted.family("workflows").orElseThrow().differences()).extracting(Drift::kind, Drift::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Drift.Kind.MISSING_TRIGGER, "workflows.workflows_updated_at"));
    }
}
