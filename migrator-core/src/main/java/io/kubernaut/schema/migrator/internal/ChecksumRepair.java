package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.RepairResult;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Accepts a deliberately changed script: the history row of an applied migration takes the
 * artifact's checksum, becomes {@link HistoryKind#REPAIRED}, and its note says who, when, why and
 * which checksum it had. The row keeps who installed it and when. Runs under the schema's advisory
 * lock, so it never races an apply.
 */
public final class ChecksumRepair {

    private final DataSource dataSource;
    private final SchemaCatalog catalog;
    private final MigrationConfig config;
    private final MigrationListener listener;

    public ChecksumRepair(DataSource dataSource, SchemaCatalog catalog, MigrationConfig config, MigrationListener listener) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** See {@link io.kubernaut.schema.migrator.Migrator#repair(String, int, String)}. */
    public RepairResult repair(String family, int version, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ConfigurationException("A repair needs a reason: say why the applied script of '" + family + "' V"
                    + version + " was changed; it is recorded in the history");
        }
        SchemaModule module = catalog.family(family).orElseThrow(() -> new ConfigurationException("No family '" + family
                + "' to repair; the families are: " + String.join(", ", catalog.familyNames())));
        Migration migration = module.migrations().stream().filter(m -> m.version() == version).findFirst()
                .orElseThrow(() -> new ConfigurationException("Family '" + family + "' " + module.artifactVersion()
                        + " has migrations 1 to " + module.migrations().size() + ", not V" + version));
        HistoryTable history = new HistoryTable(config.schema());
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (AdvisoryLock lock = AdvisoryLock.acquire(connection, config.schema(), config.lockWait(), listener)) {
                return repairLocked(connection, history, module, migration, reason.strip());
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("PostgreSQL failed while repairing '" + family + "' V" + version
                    + " in schema '" + config.schema() + "': " + e.getMessage() + " [SQLSTATE " + e.getSQLState() + "]", e);
        }
    }

    private RepairResult repairLocked(Connection connection, HistoryTable history, SchemaModule module,
            Migration migration, String reason) throws SQLException {
        String where = "'" + module.name() + "' V" + migration.version() + " in schema '" + config.schema() + "'";
        Map<String, List<HistoryRow>> rows = history.read(connection, List.of(module.name()));
        HistoryRow row = rows.getOrDefault(module.name(), List.of()).stream()
                .filter(r -> r.version() == migration.version()).findFirst()
                .orElseThrow(() -> new ConfigurationException("Nothing to repair: " + where + " was never applied"
                        + " (apply runs it)"));
        if (!row.success()) {
            throw new ConfigurationException("Cannot repair " + where + ": its last attempt failed; apply retries it");
        }
        if (row.checksum().equals(migration.checksum())) {
            return new RepairResult(config.schema(), module.name(), migration.version(), migration.script(),
                    row.checksum(), migration.checksum(), false, null, null, reason);
        }
        // An older table lacks the kind and note columns: add them (we hold the lock, as apply does).
        history.create(connection);
        String who = "current_user || ' (' || ? || ')'";
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + history.qualifiedName()
                + " SET checksum = ?, script = ?, kind = ?, note = 'checksum ' || checksum || ' accepted as ' || ?"
                + " || ' by ' || " + who + " || ' at '"
                + " || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ': ' || ?"
                + " WHERE family = ? AND version = ? AND checksum = ?"
                + " RETURNING " + who + ", now()")) {
            String osUser = System.getProperty("user.name", "unknown");
            statement.setString(1, migration.checksum());
            statement.setString(2, migration.script());
            statement.setString(3, HistoryKind.REPAIRED.column());
            statement.setString(4, migration.checksum());
            statement.setString(5, osUser);
            statement.setString(6, reason);
            statement.setString(7, module.name());
            statement.setInt(8, migration.version());
            statement.setString(9, row.checksum());
            statement.setString(10, osUser);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return new RepairResult(config.schema(), module.name(), migration.version(), migration.script(),
                        row.checksum(), migration.checksum(), true, result.getString(1),
                        result.getTimestamp(2).toInstant(), reason);
            }
        }
    }
}
