package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The history table of one target schema, always named with its schema, so it does not depend on
 * the session's search_path.
 */
final class HistoryTable {

    private final String schema;
    private final String qualifiedName;
    private boolean seen;
    /** The table's name, schema-qualified and quoted, for SQL. */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** Whether the table has the {@code kind} and {@code note} columns (tables made by 0.1.0 have not). */
    private boolean current;

    public HistoryTable(String schema) {
        this.schema = schema;
        this.qualifiedName = Identifiers.quote(schema) + "." + Defaults.HISTORY_TABLE;
    }

    /**
     * True when the table exists (and so the schema). Once seen (or created), it is not asked again:
     * an instance serves one call, under the schema's lock, and a round trip less counts in a no-op
     * run (issue 6).
     */
    public boolean exists(Connection connection) throws SQLException {
        if (seen) {
            return true;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL,"
                + " EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = 'kind'"
                + " AND NOT attisdropped)")) {
            statement.setString(1, qualifiedName);
            statement.setString(2, qualifiedName);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                seen = result.getBoolean(1);
                current = result.getBoolean(2);
                return seen;
            }
        }
    }

    /**
     * Creates the schema and the table where absent. Checks first rather than relying on IF NOT
     * EXISTS alone: CREATE SCHEMA checks the CREATE privilege before it checks existence, and a
     * service account may lack it on a database whose schema already exists.
     */
    public void create(Connection connection) throws SQLException {
        if (exists(connection)) {
            upgrade(connection);
            return;
        }
        try (Statement statement = connection.createStatement()) {
            if (!schemaExists(connection)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema));
            }
            // The table and its comment in one execute: one round trip and, in auto-commit mode, one
            // implicit transaction (one commit to wait for instead of two).
            statement.execute("CREATE TABLE IF NOT EXISTS " + qualifiedName + " (\n"
                    + "  family           TEXT        NOT NULL,\n"
                    + "  version          INTEGER     NOT NULL,\n"
                    + "  description      TEXT        NOT NULL,\n"
                    + "  script           TEXT        NOT NULL,\n"
                    + "  checksum         TEXT        NOT NULL,\n"
                    + "  artifact_version TEXT        NOT NULL,\n"
                    + "  installed_by     TEXT        NOT NULL DEFAULT current_user,\n"
                    + "  installed_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),\n"
                    + "  execution_ms     INTEGER     NOT NULL,\n"
                    + "  success          BOOLEAN     NOT NULL,\n"
                    + "  kind             TEXT        NOT NULL DEFAULT 'applied',\n"
                    + "  note             TEXT,\n"
                    + "  CONSTRAINT " + Defaults.HISTORY_TABLE + "_pk PRIMARY KEY (family, version)\n"
                    + ");\n"
                    + "COMMENT ON TABLE " + qualifiedName
                    + " IS 'Migrations of table families applied to this schema (schema registry migrator)'");
        }
        seen = true;
        current = true;
    }

    /**
     * Adds the columns a history table made by an earlier version lacks. Runs only under the
     * schema's migration lock (apply), so two migrators never race on it; readers of an old table
     * see its rows as {@link HistoryKind#APPLIED}.
     */
    private void upgrade(Connection connection) throws SQLException {
        if (current) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + qualifiedName + " ADD COLUMN IF NOT EXISTS kind TEXT NOT NULL DEFAULT"
                    + " 'applied', ADD COLUMN IF NOT EXISTS note TEXT");
        }
        current = true;
    }

    private boolean schemaExists(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** The rows of {@code families}, grouped by family, in version order; empty when the table is absent. */
    public Map<String, List<HistoryRow>> read(Connection connection, Collection<String> families) throws SQLException {
        Map<String, List<HistoryRow>> rows = new HashMap<>();
        if (families.isEmpty() || !exists(connection)) {
            return rows;
        }
        String kindAndNote = current ? "kind, note" : "NULL, NULL";
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT family, version, script, checksum, artifact_version, success, " + kindAndNote + " FROM "
                        + qualifiedName + " WHERE family = ANY (?) ORDER BY family, version")) {
            Array names = connection.createArrayOf("text", families.toArray());
            statement.setArray(1, names);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    HistoryRow row = new HistoryRow(result.getString(1), result.getInt(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getBoolean(6),
                            HistoryKind.fromColumn(result.getString(7)), result.getString(8));
                    rows.computeIfAbsent(row.family(), f -> new ArrayList<>()).add(row);
                }
            }
        }
        return rows;
    }

    /** Records a migration whose script ran; replaces the row of an earlier failed attempt. */
    public void record(Connection connection, PlannedMigration migration, String checksum, Duration duration,
            boolean success) throws SQLException {
        record(connection, migration, checksum, duration, success, HistoryKind.APPLIED, null);
    }

    /** Parameters 1 to 6 of an insert into the history: what identifies the migration and its script. */
    private static void bindMigration(PreparedStatement statement, PlannedMigration migration, String checksum)
            throws SQLException {
        statement.setString(1, migration.family());
        statement.setInt(2, migration.version());
        statement.setString(3, migration.description());
        statement.setString(4, migration.script());
        statement.setString(5, checksum);
        statement.setString(6, migration.artifactVersion());
    }

    /**
     * Records a migration whose script did not run ({@code kind} other than applied): the database is
     * at or past its version. {@code installedAt} and {@code installedBy} are the other tool's when
     * imported; null for now and the current user.
     */
    public void recordUnexecuted(Connection connection, PlannedMigration migration, String checksum, HistoryKind kind,
            String note, Instant installedAt, String installedBy) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + qualifiedName
                + " (family, version, description, script, checksum, artifact_version, execution_ms, success, kind, note,"
                + " installed_at, installed_by) VALUES (?, ?, ?, ?, ?, ?, 0, true, ?, ?, coalesce(?::timestamptz, clock_timestamp()),"
                + " coalesce(?::text, current_user))")) {
            bindMigration(statement, migration, checksum);
            statement.setString(7, kind.column());
            statement.setString(8, note);
            statement.setObject(9, installedAt == null ? null : OffsetDateTime.ofInstant(installedAt, ZoneOffset.UTC));
            statement.setString(10, installedBy);
            statement.executeUpdate();
        }
    }

    /**
     * Records a migration with how it came to be and why ({@code note}, may be null); replaces the
     * row of an earlier failed attempt. Call {@link #create} first: it brings an older table's columns up to date.
     */
    public void record(Connection connection, PlannedMigration migration, String checksum, Duration duration,
            boolean success, HistoryKind kind, String note) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + qualifiedName
                + " (family, version, description, script, checksum, artifact_version, execution_ms, success, kind, note)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (family, version) DO UPDATE SET description = excluded.description,"
                + " script = excluded.script, checksum = excluded.checksum, artifact_version = excluded.artifact_version,"
                + " installed_by = current_user, installed_at = clock_timestamp(),"
                + " execution_ms = excluded.execution_ms, success = excluded.success, kind = excluded.kind,"
                + " note = excluded.note")) {
            bindMigration(statement, migration, checksum);
            statement.setInt(7, (int) Math.min(Integer.MAX_VALUE, duration.toMillis()));
            statement.setBoolean(8, success);
            statement.setString(9, kind.column());
            statement.setString(10, note);
            statement.executeUpdate();
        }
    }
}
