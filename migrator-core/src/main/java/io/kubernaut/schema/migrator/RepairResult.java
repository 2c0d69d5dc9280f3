package io.kubernaut.schema.migrator;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link Migrator#repair(String, int, String)} did: an applied migration's recorded checksum
 * replaced by its artifact's, or nothing when the two already agreed.
 *
 * @param schema           the target schema
 * @param family           the family
 * @param version          the migration version
 * @param script           the script name in the artifact
 * @param previousChecksum the checksum the history recorded before
 * @param checksum         the artifact's checksum, recorded now
 * @param repaired         false when the history already had the artifact's checksum (nothing changed)
 * @param repairedBy       who accepted the change: the database user, and the operating-system user in parentheses
 * @param repairedAt       when, by the database's clock; null when nothing changed
 * @param reason           why, as given
 * @since 0.1.0
 */
public record RepairResult(String schema, String family, int version, String script, String previousChecksum,
        String checksum, boolean repaired, String repairedBy, Instant repairedAt, String reason) {

    public RepairResult {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(checksum, "checksum");
    }

    @Override
    public String toString() {
        String migration = "'" + family + "' V" + version + " (" + script + ") in schema '" + schema + "'";
        if (!repaired) {
            return "Nothing to repair: " + migration + " already has the artifact's checksum " + checksum + "\n";
        }
        return "Repaired " + migration + ": checksum " + previousChecksum + " replaced by " + checksum + ", by "
                + repairedBy + " at " + repairedAt + "; reason: " + reason + "\n";
    }
}
