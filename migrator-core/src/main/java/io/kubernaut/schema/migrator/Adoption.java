package io.kubernaut.schema.migrator;

import java.util.Objects;

/**
 * A family whose tables existed without this migrator's history, recorded at the version the
 * database was found (or declared) to be at, without running any of its scripts: migrations 1 to
 * {@code version} are in the history with {@code kind}; only later ones run.
 *
 * @param family the family
 * @param schema the target schema
 * @param version the version recorded: migrations up to it were not run
 * @param kind   how the version was established
 * @param note   the reason, as written to the history rows' {@code note} column
 * @since 0.1.0
 */
public record Adoption(String family, String schema, int version, Kind kind, String note) {

    public Adoption {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
    }

    /** How the version of an adopted family was established; the history rows' {@code kind}. */
    public enum Kind {
        /** The live schema equals the snapshot of that version in the family's artifact. */
        ADOPTED,
        /** An operator declared it ({@link MigrationConfig#baselineVersion()}, {@code --baseline-version}). */
        BASELINE,
        /** Taken from goose's or Flyway's history after the live schema was checked against that version. */
        IMPORTED
    }

    /** One line for humans, e.g. {@code alerting adopted at V17: the schema matches V17's snapshot}. */
    public String describe() {
        String verb = switch (kind) {
            case ADOPTED -> "adopted";
            case BASELINE -> "baselined";
            case IMPORTED -> "imported";
        };
        return family + " " + verb + " at V" + version + ": " + note;
    }
}
