package io.kubernaut.schema.examples.alerting;

import static io.kubernaut.schema.examples.alerting.GooseHistoryTest.ORIGINAL;
import static io.kubernaut.schema.examples.alerting.GooseHistoryTest.applyAsGoose;
import static io.kubernaut.schema.examples.alerting.GooseHistoryTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.AdoptionReport;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.DriftState;
import io.kubernaut.schema.migrator.FamilyState;
import io.kubernaut.schema.migrator.ForeignHistory;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.lint.MigrationScript;
import io.kubernaut.schema.migrator.lint.MigrationSources;
import io.kubernaut.schema.migrator.lint.ScriptFormat;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database the team's goose made (the Up sections of goose-original/ run statement by statement, as
 * psql or goose would, goose_db_version filled in, live rows in the tables) moved to the migrator:
 * verified, adopted from goose's history and applied, without a row changing anywhere.
 */
class GooseAdoptionTest {

    /** Tables whose rows are the history of a tool, not the family's. */
    private static final List<String> HISTORY_TABLES = List.of("schema_registry_history", "goose_db_version");

    private static EmbeddedServer server;
    private static int databases;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static DataSource newDatabase() {
        String name = "adoption_" + ++databases;
        server.createDatabase(name, null);
        return server.dataSource(name);
    }

    private static Migrator migrator(DataSource dataSource) {
        return Migrator.using(dataSource).withListener(MigrationListener.silent());
    }

    @Test
    void aGooseMadeDatabaseWithLiveRowsIsAdoptedFromGooseWithNoRowCountChangedAndASecondApplyDoesNothing()
            throws Exception {
        DataSource gooseMade = gooseMade(17);
        addLiveRows(gooseMade);
        execute(gooseMade, "INSERT INTO escalation_steps (policy_id, position, channel_id) SELECT p.id, 2, c.id"
                + " FROM escalation_policies p, notification_channels c WHERE p.name = 'default' AND c.name = 'team-email'");
        Map<String, Long> before = rows(gooseMade);
        Migrator migrator = migrator(gooseMade);

        DriftReport verified = migrator.verify();
        assertThat(verified.family("alerting").orElseThrow().state()).isEqualTo(DriftState.UNRECORDED);
        assertThat(verified.family("alerting").orElseThrow().snapshotVersion()).isEqualTo(17);

        AdoptionReport adopted = migrator.adopt(ForeignHistory.GOOSE);

        assertThat(adopted.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("alerting V17 IMPORTED");
        assertThat(rows(gooseMade)).isEqualTo(before).containsEntry("severities", 3L).containsEntry("escalation_steps", 2L)
                .containsEntry("goose_db_version", 20L).containsEntry("alerts", 2L);
        assertThat(column(gooseMade, "SELECT version || ' ' || kind || ' ' || to_char(installed_at AT TIME ZONE"
                + " current_setting('TimeZone'), 'YYYY-MM-DD') FROM schema_registry_history ORDER BY version"))
                .hasSize(17).startsWith("1 imported 2024-01-02").endsWith("17 imported 2024-01-18");
        assertThat(migrator.status().families()).singleElement()
                .satisfies(f -> assertThat(f.state()).isEqualTo(FamilyState.UP_TO_DATE));
        assertThat(migrator.verify().family("alerting").orElseThrow().state()).isEqualTo(DriftState.MATCHES);

        ApplyResult second = migrator.apply();

        assertThat(second.applied()).isEmpty();
        assertThat(second.adoptions()).isEmpty();
        assertThat(rows(gooseMade)).isEqualTo(before);
        assertThat(column(gooseMade, "SELECT count(*) FROM schema_registry_history")).containsExactly("17");
    }

    @Test
    void withoutGoosesTableTheSchemaAlonePlacesTheDatabaseAndApplyChangesNoRow() throws Exception {
        DataSource gooseMade = gooseMade(17);
        addLiveRows(gooseMade);
        execute(gooseMade, "DROP TABLE goose_db_version");
        Map<String, Long> before = rows(gooseMade);

        ApplyResult result = migrator(gooseMade).apply();

        assertThat(result.adoptions()).extracting(a -> a.family() + " V" + a.version() + " " + a.kind())
                .containsExactly("alerting V17 ADOPTED");
        assertThat(result.applied()).isEmpty();
        assertThat(rows(gooseMade)).isEqualTo(before);
        assertThat(column(gooseMade, "SELECT DISTINCT kind FROM schema_registry_history")).containsExactly("adopted");
    }

    @Test
    void aFreshInstallHasTheCatalogOfTheAdoptedGooseMadeDatabase() throws Exception {
        DataSource gooseMade = gooseMade(17);
        migrator(gooseMade).adopt(ForeignHistory.GOOSE);
        DataSource installed = newDatabase();
        migrator(installed).apply();

        List<String> expected = catalog(gooseMade);

        assertThat(catalog(installed)).isEqualTo(expected);
        assertThat(expected).filteredOn(line -> line.startsWith("relation ")).hasSizeGreaterThan(80);
        assertThat(expected).filteredOn(line -> line.startsWith("function ")).hasSizeGreaterThan(10);
        assertThat(expected).filteredOn(line -> line.startsWith("view ")).isNotEmpty();
    }

    @Test
    void aDatabaseAtAnOlderGooseVersionIsAdoptedThereAndOnlyTheLaterMigrationsRun() throws Exception {
        DataSource gooseMade = gooseMade(12);
        execute(gooseMade, "INSERT INTO alert_sources (name, kind) VALUES ('grafana', 'grafana');"
                + " INSERT INTO notification_channels (name, kind) VALUES ('team-email', 'email')");
        Migrator migrator = migrator(gooseMade);

        AdoptionReport adopted = migrator.adopt(ForeignHistory.GOOSE);
        ApplyResult applied = migrator.apply();

        assertThat(adopted.adoptions()).extracting(a -> a.family() + " V" + a.version()).containsExactly("alerting V12");
        assertThat(applied.applied()).extracting(a -> a.migration().version()).containsExactly(13, 14, 15, 16, 17);
        assertThat(column(gooseMade, "SELECT kind, count(*) FROM schema_registry_history GROUP BY kind ORDER BY kind"))
                .containsExactly("applied", "imported");
        assertThat(column(gooseMade, "SELECT count(*) FROM schema_registry_history WHERE kind = 'imported'"))
                .containsExactly("12");
        // Seed rows of 004 once; those of 016 there now; the live rows kept.
        assertThat(rows(gooseMade)).containsEntry("severities", 3L).containsEntry("escalation_policies", 2L)
                .containsEntry("maintenance_windows", 1L).containsEntry("alert_sources", 3L)
                .containsEntry("notification_channels", 3L).containsEntry("escalation_steps", 1L);
        assertThat(column(gooseMade, "SELECT column_name FROM information_schema.columns WHERE table_name ="
                + " 'escalation_steps' AND column_name IN ('delay', 'step_no') ORDER BY 1")).containsExactly("delay");
        assertThat(migrator.apply().applied()).isEmpty();
        assertThat(catalog(gooseMade)).isEqualTo(catalog(gooseMadeAndAdopted()));
    }

    private DataSource gooseMadeAndAdopted() throws Exception {
        DataSource database = gooseMade(17);
        migrator(database).adopt(ForeignHistory.GOOSE);
        return database;
    }

    /**
     * A database as goose leaves it at {@code version}: the original files' Up sections, then
     * goose_db_version as goose writes it (its version 0 row, one row per file, a day apart).
     */
    private static DataSource gooseMade(int version) throws Exception {
        DataSource database = newDatabase();
        try (Connection connection = database.getConnection()) {
            for (MigrationScript script : MigrationSources.read(ORIGINAL, ScriptFormat.GOOSE).scripts()) {
                if (script.version() <= version) {
                    applyAsGoose(connection, script);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL,"
                        + " is_applied boolean NOT NULL, tstamp timestamp NULL DEFAULT now(), PRIMARY KEY (id))");
                statement.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp)"
                        + " SELECT v, true, timestamp '2024-01-01 09:00' + v * interval '1 day'"
                        + " FROM generate_series(0, " + version + ") v");
                // The last file applied, rolled back (goose down) and applied again: the latest row decides.
                statement.execute("INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES"
                        + " (" + version + ", false, '2024-03-01 09:00'), (" + version + ", true, timestamp '2024-01-01 09:00'"
                        + " + " + version + " * interval '1 day')");
            }
        }
        return database;
    }

    /** Rows a team's services wrote: alerts in two months, a silence, a source and a channel of their own. */
    private static void addLiveRows(DataSource database) throws SQLException {
        execute(database, "INSERT INTO alert_sources (name, kind) VALUES ('grafana', 'grafana');"
                + " INSERT INTO notification_channels (name, kind) VALUES ('team-email', 'email');"
                + " INSERT INTO alerts (source_id, fingerprint, severity, summary, received_at)"
                + "   SELECT id, 'f1', 'critical', 'disk full', '2025-03-10 10:00+00' FROM alert_sources WHERE name = 'grafana';"
                + " INSERT INTO alerts (source_id, fingerprint, severity, summary, received_at)"
                + "   SELECT id, 'f2', 'warning', 'slow queries', '2026-01-05 08:00+00' FROM alert_sources WHERE name = 'grafana';"
                + " INSERT INTO silences (matchers, ends_at, author) VALUES ('{\"team\": \"db\"}', now() + interval '1 day', 'ana')");
    }

    /**
     * The schema's catalog as sorted lines, the history tables aside: every relation (partitions, views,
     * sequences, indexes) with its kind and partition bound, columns, constraints, indexes, triggers,
     * views' and functions' definitions. What {@code pg_dump -s} would show, from the catalog.
     */
    private static List<String> catalog(DataSource dataSource) throws SQLException {
        String notHistory = " AND c.relname NOT LIKE 'goose\\_db\\_version%' AND c.relname NOT LIKE 'schema\\_registry\\_history%'";
        String publicRelations = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
                + notHistory;
        List<String> lines = new ArrayList<>();
        lines.addAll(column(dataSource, "SELECT 'relation ' || c.relname || ' ' || c.relkind::text || coalesce(' '"
                + " || pg_get_expr(c.relpartbound, c.oid), '') || coalesce(' ' || pg_get_partkeydef(c.oid), '')" + publicRelations));
        lines.addAll(column(dataSource, "SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid,"
                + " a.atttypmod) || ' ' || a.attnotnull || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')"
                + notHistory));
        lines.addAll(column(dataSource, "SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' ||"
                + " pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'" + notHistory));
        lines.addAll(column(dataSource, "SELECT 'index ' || pg_get_indexdef(x.indexrelid) || ' ' || x.indisvalid"
                + " FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public'" + notHistory));
        lines.addAll(column(dataSource, "SELECT 'trigger ' || pg_get_triggerdef(g.oid) || ' ' || g.tgenabled::text FROM pg_trigger g"
                + " JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND NOT g.tgisinternal" + notHistory));
        lines.addAll(column(dataSource, "SELECT 'view ' || c.relname || ' ' || pg_get_viewdef(c.oid)" + publicRelations
                + " AND c.relkind IN ('v', 'm')"));
        lines.addAll(column(dataSource, "SELECT 'sequence ' || c.relname || ' ' || s.seqtypid::regtype || ' ' || s.seqincrement"
                + publicRelations.replace(" WHERE", " JOIN pg_sequence s ON s.seqrelid = c.oid WHERE")));
        lines.addAll(column(dataSource, "SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"));
        lines.sort(null);
        return lines;
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> column(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
