package io.kubernaut.schema.migrator;

/**
 * The request or the families on the classpath cannot work: an unknown table or family in the
 * selection, a required family that is absent, a dependency cycle, a broken family index, an invalid
 * schema name. Raised before anything is applied.
 *
 * @since 0.1.0
 */
public class ConfigurationException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
