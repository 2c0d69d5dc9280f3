package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.junit.SchemaDatabase;
import javax.sql.DataSource;

/**
 * A database handed to a test; closing it drops it (in the background).
 *
 * @param info       what the test sees
 * @param dataSource connections to it, with the schema as search path
 * @param dropper    drops it
 */
public record TestDatabase(SchemaDatabase info, DataSource dataSource, Runnable dropper) implements AutoCloseable {

    @Override
    public void close() {
        dropper.run();
    }
}
