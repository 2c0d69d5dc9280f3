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
 * @param kind            how the row came to be (a script that ran, or a version recorded without running it)
 * @param note            why, for rows not made by running the script (a baseline, a repair); may be null
 */
record HistoryRow(String family, int version, String script, String checksum, String artifactVersion,
        boolean success, HistoryKind kind, String note) {
}
