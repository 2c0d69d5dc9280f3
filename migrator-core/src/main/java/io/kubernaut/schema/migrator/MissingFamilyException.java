package io.kubernaut.schema.migrator;

/**
 * A selected family requires a family that is not on the classpath.
 *
 * @since 0.1.0
 */
public final class MissingFamilyException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    private final String family;
    private final String missing;

    public MissingFamilyException(String family, String location, String missing) {
        super("Family '" + family + "' (" + location + ") requires family '" + missing
                + "', which is not on the classpath. Add the artifact that provides '" + missing
                + "' as a dependency. Nothing was applied.");
        this.family = family;
        this.missing = missing;
    }

    /** The family that has the requirement. */
    public String family() {
        return family;
    }

    /** The required family that is absent. */
    public String missing() {
        return missing;
    }
}
