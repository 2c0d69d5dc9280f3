package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.ForeignHistory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads another tool's history table (only reads: it is never changed) into the versions it says are
 * applied. goose and Flyway both number the family's migrations as the family does (goose files
 * {@code NNN_x.sql} keep their number, Flyway's {@code V<n>__x.sql} theirs).
 */
final class ForeignHistoryReader {

    /**
     * One version the other tool applied.
     *
     * @param version   the migration version
     * @param appliedAt when the other tool applied it
     * @param appliedBy who, when the tool records it (Flyway); null otherwise
     * @param reference the row it comes from, for the history's note
     */
    public record Applied(int version, Instant appliedAt, String appliedBy, String reference) {
    }

    /**
     * What the table says: the applied versions, or why they cannot be taken.
     *
     * @param applied  applied versions by version
     * @param problem  why the table cannot be imported, or null
     */
    public record Versions(Map<Integer, Applied> applied, String problem) {
    }

    private ForeignHistoryReader() {
    }

    /** The versions {@code source}'s table in {@code schema} says are applied; {@code latest} is the family's. */
    public static Versions read(Connection connection, String schema, ForeignHistory source) throws SQLException {
        String table = Identifiers.quote(schema) + "." + source.table();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return new Versions(Map.of(), "schema '" + schema + "' has no table " + source.table());
                }
            }
        }
        return source == ForeignHistory.GOOSE ? goose(connection, table) : flyway(connection, table);
    }

    /**
     * goose writes a row per up and per down; for each version the latest row (highest id) decides
     * (see goose's {@code is_applied} handling). Version 0 is goose's own first row.
     */
    private static Versions goose(Connection connection, String table) throws SQLException {
        Map<Integer, Applied> applied = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT ON (version_id) version_id, is_applied,"
                        + " tstamp::timestamptz, id FROM " + table + " WHERE version_id > 0 ORDER BY version_id, id DESC")) {
            while (rows.next()) {
                long version = rows.getLong(1);
                if (!rows.getBoolean(2)) {
                    continue; // rolled back by goose down
                }
                if (version > Integer.MAX_VALUE) {
                    return new Versions(Map.of(), "goose version " + version + " is a timestamp, not a version of the"
                            + " family (goose fix renumbers them)");
                }
                OffsetDateTime at = rows.getObject(3, OffsetDateTime.class);
                applied.put((int) version, new Applied((int) version, at == null ? null : at.toInstant(), null,
                        "goose_db_version id " + rows.getLong(4)));
            }
        }
        return new Versions(applied, null);
    }

    /**
     * Flyway's successful versioned rows in installation order: a baseline stands for every version up
     * to its own; an undo or a deleted row takes its version away again.
     */
    private static Versions flyway(Connection connection, String table) throws SQLException {
        Map<Integer, Applied> applied = new TreeMap<>();
        int baseline = 0;
        Applied baselineRow = null;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, type, installed_on::timestamptz, installed_by,"
                        + " installed_rank FROM " + table + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rows.next()) {
                String text = rows.getString(1);
                String type = rows.getString(2) == null ? "" : rows.getString(2).toUpperCase(Locale.ROOT);
                Integer version = version(text);
                if (version == null) {
                    return new Versions(Map.of(), "Flyway version " + text + " (installed_rank " + rows.getLong(5)
                            + ") is not a whole number, so it is no version of the family");
                }
                OffsetDateTime at = rows.getObject(3, OffsetDateTime.class);
                Applied row = new Applied(version, at == null ? null : at.toInstant(), rows.getString(4),
                        "flyway_schema_history installed_rank " + rows.getLong(5));
                if (type.startsWith("UNDO") || type.equals("DELETE")) {
                    applied.remove(version);
                } else if (type.contains("BASELINE")) {
                    baseline = Math.max(baseline, version);
                    baselineRow = row;
                } else {
                    applied.put(version, row);
                }
            }
        }
        for (int version = 1; version <= baseline; version++) {
            Applied row = baselineRow;
            applied.putIfAbsent(version, new Applied(version, row.appliedAt(), row.appliedBy(), row.reference() + " (baseline)"));
        }
        return new Versions(applied, null);
    }

    /** {@code 7} and {@code 7.0} are 7; {@code 7.1} is no whole version. */
    private static Integer version(String text) {
        String trimmed = text.trim().replaceAll("(\\.0+)+$", "");
        try {
            int version = Integer.parseInt(trimmed);
            return version > 0 ? version : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
