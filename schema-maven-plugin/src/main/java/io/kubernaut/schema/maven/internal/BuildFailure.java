package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.SchemaRegistryException;

/** A problem in a family's sources that fails the build; the message says what and where. */
public final class BuildFailure extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public BuildFailure(String message) {
        super(message);
    }

    public BuildFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
