package io.kubernaut.schema.examples.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.lint.MigrationScript;
import io.kubernaut.schema.migrator.lint.MigrationSources;
import io.kubernaut.schema.migrator.lint.ScriptFormat;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The family built from migrations/ is, version by version, what the team's own goose files
 * (goose-original/) make when goose applies them: a database goose made can be placed at its version by
 * comparing it with the family's snapshots, and a fresh install gives the same tables and seed rows.
 */
class GooseHistoryTest {

    static final Path ORIGINAL = Path.of("goose-original");

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

    static SchemaModule family() {
        return SchemaCatalog.discover(GooseHistoryTest.class.getClassLoader()).family("alerting").orElseThrow();
    }

    private static DataSource newDatabase() {
        String name = "alerting_" + ++databases;
        server.createDatabase(name, null);
        return server.dataSource(name);
    }

    @Test
    void theFamilyIsAtEachVersionWhatTheTeamsGooseFilesMake() throws Exception {
        SchemaModule family = family();
        List<MigrationScript> original = MigrationSources.read(ORIGINAL, ScriptFormat.GOOSE).scripts();
        DataSource gooseMade = newDatabase();

        assertThat(original).hasSize(family.migrations().size());
        try (Connection connection = gooseMade.getConnection()) {
            for (MigrationScript script : original) {
                applyAsGoose(connection, script);
                SchemaSnapshot expected = SchemaSnapshot.read(family.snapshot(script.version()).orElseThrow());
                SchemaSnapshot actual = SchemaSnapshot.take(connection, "public", expected.objects());
                assertThat(expected.compare(actual)).as("differences at version %d (%s)", script.version(), script.name())
                        .isEmpty();
            }
        }
    }

    /** The real schema the issue was seen on: a view dropped and a plain function replaced were "no drift". */
    @Test
    void aDroppedViewAndAReplacedFunctionOfTheGooseFamilyAreDriftEachOnce() throws Exception {
        DataSource installed = newDatabase();
        Migrator migrator = Migrator.using(installed).withListener(MigrationListener.silent());
        migrator.apply();

        assertThat(migrator.verify().allVerified()).as(migrator.verify().toString()).isTrue();

        try (Connection connection = installed.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW alert_response_times;"
                    + " ALTER FUNCTION apply_label_rules(bigint, jsonb) SET search_path = pg_catalog");
        }
        io.kubernaut.schema.migrator.DriftReport report = migrator.verify();

        assertThat(report.differences()).as(report.toString())
                .extracting(io.kubernaut.schema.migrator.Drift::kind, io.kubernaut.schema.migrator.Drift::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(io.kubernaut.schema.migrator.Drift.Kind.MISSING_VIEW,
                                "alert_response_times"),
                        org.assertj.core.groups.Tuple.tuple(io.kubernaut.schema.migrator.Drift.Kind.FUNCTION_CHANGED,
                                "apply_label_rules(bigint,jsonb)"));
    }

    @Test
    void aFreshInstallHasTheTablesAndSeedRowsOfTheGooseMadeDatabaseAndASecondApplyRunsNothing() throws Exception {
        DataSource gooseMade = newDatabase();
        try (Connection connection = gooseMade.getConnection()) {
            for (MigrationScript script : MigrationSources.read(ORIGINAL, ScriptFormat.GOOSE).scripts()) {
                applyAsGoose(connection, script);
            }
        }
        DataSource installed = newDatabase();
        Migrator migrator = Migrator.using(installed).withListener(MigrationListener.silent());

        ApplyResult first = migrator.apply();
        ApplyResult second = migrator.apply();

        assertThat(first.applied()).hasSize(17);
        assertThat(second.applied()).isEmpty();
        assertThat(rows(installed)).isEqualTo(rows(gooseMade)).containsEntry("severities", 3L)
                .containsEntry("escalation_steps", 1L).containsEntry("maintenance_windows", 1L);
        assertThat(partitions(installed)).isEqualTo(partitions(gooseMade)).hasSize(72);
    }

    /**
     * Applies a goose file as goose does: its Up section, statement by statement, in one transaction
     * unless it says {@code -- +goose NO TRANSACTION}.
     */
    static void applyAsGoose(Connection connection, MigrationScript script) throws SQLException {
        connection.setAutoCommit(!script.transactional());
        try (Statement statement = connection.createStatement()) {
            for (SqlStatement sql : script.statements()) {
                statement.execute(sql.text());
            }
        }
        if (script.transactional()) {
            connection.commit();
        }
        connection.setAutoCommit(true);
    }

    /** Every table of the public schema that is not a partition, with its row count. */
    static Map<String, Long> rows(DataSource dataSource) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : column(dataSource, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND c.relname <> 'schema_registry_history' ORDER BY 1")) {
            rows.put(table, Long.parseLong(column(dataSource, "SELECT count(*) FROM " + table).get(0)));
        }
        return rows;
    }

    private static List<String> partitions(DataSource dataSource) throws SQLException {
        return column(dataSource, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relispartition ORDER BY 1");
    }

    private static List<String> column(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }
}
