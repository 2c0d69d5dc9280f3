package io.kubernaut.schema.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Families built from goose files as teams keep them, per-version snapshots, the lint's fix, and the
 * second run that sees data: real builds on an embedded PostgreSQL, checked by what the built family
 * does to a database.
 */
class GooseFamilyBuildTest {

    private static EmbeddedServer server;
    private static int databases;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static final String ACCOUNTS = """
            -- +goose Up
            CREATE TABLE IF NOT EXISTS accounts (id BIGINT PRIMARY KEY, owner TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS accounts_owner_idx ON accounts (owner);

            -- +goose Down
            DROP INDEX accounts_owner_idx;
            DROP TABLE accounts;
            """;

    private static final String BALANCE = """
            -- +goose Up
            ALTER TABLE accounts ADD COLUMN IF NOT EXISTS balance NUMERIC(12, 2) NOT NULL DEFAULT 0;
            -- +goose StatementBegin
            CREATE OR REPLACE FUNCTION accounts_no_overdraft() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.balance < 0 THEN
                    RAISE EXCEPTION 'account % would be overdrawn', NEW.id;
                END IF;
                RETURN NEW;
            END;
            $$
            -- +goose StatementEnd
            CREATE OR REPLACE TRIGGER accounts_no_overdraft BEFORE UPDATE ON accounts
                FOR EACH ROW EXECUTE FUNCTION accounts_no_overdraft();

            -- +goose Down
            DROP TRIGGER accounts_no_overdraft ON accounts;
            ALTER TABLE accounts DROP COLUMN balance;
            """;

    private static final String CONCURRENT_INDEX = """
            -- +goose NO TRANSACTION
            -- +goose Up
            CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_balance_idx ON accounts (balance);

            -- +goose Down
            DROP INDEX CONCURRENTLY accounts_balance_idx;
            """;

    private Path sql(String name, Map<String, String> files) throws IOException {
        Path directory = work.resolve(name);
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(directory.resolve(file.getKey()), file.getValue());
        }
        return directory;
    }

    private FamilyBuild.Result build(String family, Path sql, Path output, boolean lintFix, List<String> log)
            throws IOException {
        FamilyBuild.Request request = new FamilyBuild.Request(family, "io.example:schema-" + family, "1.0.0", Set.of(),
                Set.of(), "io.example." + family, sql, output.resolve("resources"), output.resolve("sources"), null,
                SchemaCatalog.of(), null, lintFix);
        return new FamilyBuild(request, server, log::add).run();
    }

    private FamilyBuild.Result build(String family, Path sql, Path output) throws IOException {
        return build(family, sql, output, false, new ArrayList<>());
    }

    /** A fresh database with the family built into {@code output} applied by migrator-core. */
    private static DataSource applied(Path output, String family) throws IOException {
        String name = "goose_applied_" + ++databases;
        server.createDatabase(name, null);
        DataSource dataSource = server.dataSource(name);
        Migrator.using(dataSource).withCatalog(SchemaCatalog.of(FamilyArchive.read(output.resolve("resources"), family)))
                .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().build()).apply();
        return dataSource;
    }

    private static List<String> column(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    @Test
    void gooseFilesBuildWithTheirVersionsAndOnlyTheirUpSectionsEverRun() throws Exception {
        Path sql = sql("goose", Map.of("001_accounts.sql", ACCOUNTS, "002_balance.sql", BALANCE,
                "003_balance_index.sql", CONCURRENT_INDEX));

        FamilyBuild.Result result = build("accounts", sql, work.resolve("out"));
        DataSource database = applied(work.resolve("out"), "accounts");

        assertThat(result.index().migrations()).extracting(Migration::version, Migration::script, Migration::transactional)
                .containsExactly(tuple(1, "001_accounts.sql", true),
                        tuple(2, "002_balance.sql", true),
                        tuple(3, "003_balance_index.sql", false));
        Path shipped = work.resolve("out/resources/" + FamilyLayout.scriptPath("accounts", "001_accounts.sql"));
        assertThat(shipped).content().endsWith("CREATE INDEX IF NOT EXISTS accounts_owner_idx ON accounts (owner);\n\n")
                .doesNotContain("DROP");
        assertThat(result.index().migrations().get(0).checksum()).isEqualTo(FamilyIndex.checksum(Files.readString(shipped)));
        assertThat(column(database, "SELECT indexname FROM pg_indexes WHERE tablename = 'accounts' ORDER BY 1"))
                .containsExactly("accounts_balance_idx", "accounts_owner_idx", "accounts_pkey");
        assertThat(column(database, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'accounts'::regclass"))
                .containsExactly("accounts_no_overdraft");
        assertThat(column(database, "SELECT version || ' ' || success::text FROM schema_registry_history ORDER BY version"))
                .containsExactly("1 true", "2 true", "3 true");
    }

    @Test
    void editingADownSectionChangesNeitherTheJarNorTheChecksums() throws Exception {
        Path sql = sql("goose", Map.of("001_accounts.sql", ACCOUNTS, "002_balance.sql", BALANCE));
        FamilyBuild.Result before = build("accounts", sql, work.resolve("before"));

        Files.writeString(sql.resolve("002_balance.sql"), BALANCE.replace("ALTER TABLE accounts DROP COLUMN balance;",
                "-- keep the data: balances are not dropped\n"));
        FamilyBuild.Result after = build("accounts", sql, work.resolve("after"));

        assertThat(after.index()).isEqualTo(before.index());
        assertThat(work.resolve("after/resources/" + FamilyLayout.scriptPath("accounts", "002_balance.sql")))
                .hasSameTextualContentAs(work.resolve("before/resources/" + FamilyLayout.scriptPath("accounts", "002_balance.sql")));
    }

    @Test
    void eachVersionShipsTheSnapshotOfTheSchemaAfterIt() throws Exception {
        Path sql = sql("goose", Map.of("001_accounts.sql", ACCOUNTS, "002_balance.sql", BALANCE,
                "003_balance_index.sql", CONCURRENT_INDEX));

        build("accounts", sql, work.resolve("out"));
        FamilyArchive archive = FamilyArchive.read(work.resolve("out/resources"), "accounts");

        assertThat(archive.snapshot(1).orElseThrow()).contains("column\taccounts.owner\ttext not null")
                .doesNotContain("accounts.balance");
        assertThat(archive.snapshot(2).orElseThrow()).contains("column\taccounts.balance")
                .contains("trigger\taccounts.accounts_no_overdraft").doesNotContain("accounts_balance_idx");
        assertThat(archive.snapshot(3)).isEqualTo(archive.snapshot()).hasValueSatisfying(s -> assertThat(s)
                .contains("index\taccounts.accounts_balance_idx"));
        assertThat(work.resolve("out/resources/" + FamilyLayout.snapshotPath("accounts", 3))).doesNotExist();
    }

    @Test
    void aVersionedScriptWithGooseAnnotationsIsRefusedAtBuildWithFileAndLine() throws Exception {
        Path sql = sql("mixed", Map.of("V1__accounts.sql", ACCOUNTS));

        assertThatThrownBy(() -> build("accounts", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("V1__accounts.sql") + ":5: a goose annotation in a V<n>__ script");
    }

    @Test
    void aGooseFileWhoseDownSectionWouldRunIsRefusedAtBuildWithFileAndLine() throws Exception {
        Path sql = sql("goose", Map.of("001_accounts.sql", ACCOUNTS.replace("-- +goose Down", "--  +goose  Down -- rollback")));

        assertThatThrownBy(() -> build("accounts", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("001_accounts.sql") + ":5: '--  +goose  Down -- rollback' is not a goose"
                        + " annotation goose runs");
    }

    @Test
    void lintFixRewritesTheScriptsInPlaceAndTheBuildPasses() throws Exception {
        Path sql = sql("goose", Map.of("001_accounts.sql", """
                -- +goose Up
                CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT NOT NULL);
                ALTER TABLE accounts ADD CONSTRAINT accounts_owner_not_blank CHECK (owner <> '');
                INSERT INTO accounts (id, owner) VALUES (1, 'treasury');

                -- +goose Down
                DROP TABLE accounts;
                """));
        List<String> log = new ArrayList<>();

        build("accounts", sql, work.resolve("out"), true, log);

        assertThat(sql.resolve("001_accounts.sql")).content()
                .contains("CREATE TABLE IF NOT EXISTS accounts")
                .contains("-- +goose StatementBegin\nDO $$\n")
                .contains("VALUES (1, 'treasury') ON CONFLICT DO NOTHING;")
                .endsWith("-- +goose Down\nDROP TABLE accounts;\n");
        assertThat(String.join("\n", log)).contains("001_accounts.sql:2: CREATE TABLE without IF NOT EXISTS: added IF NOT EXISTS")
                .contains("lint --fix: 3 statements rewritten in 1 file");
        assertThat(column(applied(work.resolve("out"), "accounts"), "SELECT owner FROM accounts")).containsExactly("treasury");
    }

    @Test
    void theSecondRunInsertingSeedRowsAgainFailsTheBuildWithFileAndLine() throws Exception {
        Path sql = sql("seed", Map.of("V1__settings.sql", """
                CREATE TABLE IF NOT EXISTS settings (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, value TEXT);
                INSERT INTO settings (name, value) VALUES ('currency', 'EUR'), ('locale', 'de_DE')
                    ON CONFLICT DO NOTHING;
                """));

        assertThatThrownBy(() -> build("settings", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("V1__settings.sql") + ":2: not idempotent: the second run inserted 2 rows"
                        + " into settings");
    }

    @Test
    void theSecondRunRecreatingATableFailsTheBuildWithFileAndLine() throws Exception {
        // The lint reports the rewrite; marked as allowed, the second run still catches what it does to the rows.
        Path sql = sql("rewrite", Map.of(
                "V1__settings.sql", "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY);\n"
                        + "INSERT INTO settings VALUES ('currency') ON CONFLICT DO NOTHING;\n",
                "V2__settings_value.sql", "-- migrator: allow-non-idempotent\nDROP TABLE IF EXISTS settings;\n"
                        + "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT);\n"));

        assertThatThrownBy(() -> build("settings", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("V2__settings_value.sql") + ":2: not idempotent: the second run dropped and"
                        + " recreated settings: its rows would be lost");
    }

    @Test
    void aRewriteIsRefusedByTheLintWithFileAndLine() throws Exception {
        Path sql = sql("rewrite", Map.of(
                "001_settings.sql", "-- +goose Up\nCREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY);\n",
                "002_settings_value.sql", "-- +goose Up\nDROP TABLE IF EXISTS settings;\n"
                        + "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT);\n"));

        assertThatThrownBy(() -> build("settings", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("002_settings_value.sql") + ":2: DROP TABLE settings, then CREATE TABLE"
                        + " settings at " + sql.resolve("002_settings_value.sql") + ":3: a rewrite");
    }
}
