package io.kubernaut.schema.migrator;

/**
 * A migration the migrator would run, or is about to run.
 *
 * @param family          the family
 * @param version         its version within the family
 * @param description     what it does
 * @param script          the script file name
 * @param artifactVersion the version of the artifact it comes from
 * @param transactional   whether it runs inside a transaction
 * @since 0.1.0
 */
public record PlannedMigration(String family, int version, String description, String script,
        String artifactVersion, boolean transactional) {

    /** "audit_events V3 (V3__legal_hold.sql)". */
    public String label() {
        return family + " V" + version + " (" + script + ")";
    }
}
