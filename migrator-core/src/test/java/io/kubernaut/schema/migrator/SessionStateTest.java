package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.SingleConnectionDataSource;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every migration starts from the same session state: the target schema on the search path, the
 * connecting role, no setting left by an earlier script, no temporary table of an earlier migration.
 * Family {@code leaky} changes all of these; the later family {@code later} records what it finds.
 */
class SessionStateTest {

    private static final String SCHEMA = "tenant";
    private static final String ROLE = "session_state_other";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        database.execute("DO $$ BEGIN CREATE ROLE " + ROLE + "; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    }

    private static final String LEAKS = "CREATE TABLE IF NOT EXISTS leaky (id INT);\n"
            + "CREATE TEMP TABLE seen (search_path TEXT, role TEXT, timeout TEXT, work_mem TEXT, app TEXT);\n"
            + "SET statement_timeout = '1234s';\n"
            + "SET work_mem = '7MB';\n"
            + "SELECT set_config('application_name', 'leaked', false);\n"
            + "SET ROLE " + ROLE + ";\n"
            + "SET search_path TO public;";

    /** Where {@code later}'s migration finds itself: into the temp table {@code seen} if one is visible, else a table of its own. */
    private static final String RECORDS = "CREATE TABLE IF NOT EXISTS seen (search_path TEXT, role TEXT, timeout TEXT,"
            + " work_mem TEXT, app TEXT);\n"
            + "INSERT INTO seen VALUES (current_setting('search_path'), current_user, current_setting('statement_timeout'),"
            + " current_setting('work_mem'), current_setting('application_name'));";

    private Path leaky(boolean transactional) {
        FamilyJar family = FamilyJar.family("leaky").migration("V1__leak.sql", (transactional ? "" : "-- migrator: no-transaction\n") + LEAKS);
        if (!transactional) {
            family.nonTransactional("V1__leak.sql");
        }
        return family.writeTo(jars);
    }

    private Path later() {
        return FamilyJar.family("later").tables("seen").requires("leaky")
                .migration("V1__records.sql", RECORDS)
                .writeTo(jars);
    }

    private void assertLaterMigrationStartedClean() {
        assertThat(database.tables("public")).isEmpty();
        assertThat(database.tables(SCHEMA)).containsExactly("leaky", "schema_registry_history", "seen");
        assertThat(database.value("SELECT tableowner FROM pg_tables WHERE tablename = 'seen'"))
                .isEqualTo(database.server().user());
        assertThat(database.value("SELECT search_path || ' ' || role || ' ' || timeout || ' ' || work_mem FROM tenant.seen"))
                .isEqualTo(SCHEMA + " " + database.server().user() + " "
                        + database.value("SELECT current_setting('statement_timeout') || ' ' || current_setting('work_mem')"));
        assertThat(database.value("SELECT app FROM tenant.seen")).isNotEqualTo("leaked");
    }

    @Test
    void aScriptsSearchPathRoleSettingsAndTempTablesEndWithItsMigration() {
        Migrator migrator = Migrator.using(database.dataSource()).withConfig(MigrationConfig.builder().schema(SCHEMA).build())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(leaky(true), later())));

        ApplyResult result = migrator.apply();

        assertThat(result.applied()).hasSize(2);
        assertLaterMigrationStartedClean();
    }

    @Test
    void aNonTransactionalScriptsSessionChangesEndWithItToo() {
        Migrator migrator = Migrator.using(database.dataSource()).withConfig(MigrationConfig.builder().schema(SCHEMA).build())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(leaky(false), later())));

        migrator.apply();

        assertLaterMigrationStartedClean();
    }

    @Test
    void aDdlOnlyMigrationAfterALeakyOneStillStartsFromTheSameState() {
        Path leaky = FamilyJar.family("leaky")
                .migration("V1__leak.sql", LEAKS)
                .migration("V2__ddl_only.sql", "CREATE TABLE IF NOT EXISTS leaky_more (id INT);\n"
                        + "ALTER TABLE leaky_more ALTER COLUMN id SET NOT NULL;\nCOMMENT ON TABLE leaky_more IS 'more';")
                .tables("leaky", "leaky_more")
                .writeTo(jars);
        Migrator migrator = Migrator.using(database.dataSource()).withConfig(MigrationConfig.builder().schema(SCHEMA).build())
                .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(leaky, later())));

        migrator.apply();

        assertThat(database.value("SELECT schemaname || ' ' || tableowner FROM pg_tables WHERE tablename = 'leaky_more'"))
                .isEqualTo(SCHEMA + " " + database.server().user());
        assertThat(database.tables(SCHEMA)).contains("leaky_more", "seen");
        assertThat(database.value("SELECT role FROM tenant.seen")).isEqualTo(database.server().user());
    }

    @Test
    void theCallersSessionIsGivenBackAsItWas() throws Exception {
        try (SingleConnectionDataSource single = new SingleConnectionDataSource(database.dataSource().getConnection())) {
            try (Statement statement = single.connection().createStatement()) {
                statement.execute("SET lock_timeout = '7s'; SET search_path TO pg_catalog, public");
            }

            Migrator.using(single).withConfig(MigrationConfig.builder().schema(SCHEMA).build())
                    .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(leaky(true), later()))).apply();

            try (Statement statement = single.connection().createStatement();
                    ResultSet result = statement.executeQuery("SELECT current_setting('lock_timeout'),"
                            + " current_setting('search_path'), current_user = session_user, current_setting('work_mem')")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("7s");
                assertThat(result.getString(2)).isEqualTo("pg_catalog, public");
                assertThat(result.getBoolean(3)).isTrue();
                assertThat(result.getString(4)).isEqualTo(database.value("SELECT current_setting('work_mem')"));
            }
        }
        assertLaterMigrationStartedClean();
    }
}
