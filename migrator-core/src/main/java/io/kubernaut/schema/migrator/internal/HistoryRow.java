package io.kubernaut.schema.migrator.internal;

/**
 * One row of {@code schema_registry_history}.
 *
 * @param family          the family
 * @param version         the migration version
 * @param script          the script name
 * @param checksum        the script's checksum when it was applied
 * @param artifactVersion the artifact version that applied it
 * @param success         false for a non-transactional migration that failed
 */
public record HistoryRow(String family, int version, String script, String checksum, String artifactVersion,
        boolean success) {
}
