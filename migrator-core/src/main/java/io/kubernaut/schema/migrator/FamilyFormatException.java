package io.kubernaut.schema.migrator;

/**
 * A family's files are not what the family format says: an index that is malformed, names a family
 * or migration wrongly, or lists a script the jar lacks; a schema snapshot that cannot be read; a
 * family missing from the jar or folder it was looked for in. The message names the file or jar and
 * what is wrong with it. A kind of {@link ConfigurationException}: raised before anything is applied.
 *
 * @since 0.1.0
 */
public class FamilyFormatException extends ConfigurationException {

    private static final long serialVersionUID = 1L;

    public FamilyFormatException(String message) {
        super(message);
    }

    public FamilyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
