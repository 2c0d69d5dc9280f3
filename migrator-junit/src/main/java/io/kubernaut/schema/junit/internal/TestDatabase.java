package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.junit.SchemaDatabase;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A database handed to a test; closing it gives it back (reset for a later test, or dropped, in the
 * background).
 */
public final class TestDatabase implements AutoCloseable {

    private final SchemaDatabase info;
    private final DataSource dataSource;
    private final Consumer<Boolean> giveBack;
    private volatile boolean connectedByItself;

    /**
     * @param info       what the test sees
     * @param dataSource connections to it, with the schema as search path
     * @param giveBack   gives it back; told whether the test may have connected by itself
     */
    public TestDatabase(SchemaDatabase info, DataSource dataSource, Consumer<Boolean> giveBack) {
        this.info = Objects.requireNonNull(info, "info");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.giveBack = Objects.requireNonNull(giveBack, "giveBack");
    }

    /** What the test sees: its URL, user and password among others. */
    public SchemaDatabase info() {
        return info;
    }

    /** Connections to it, with the schema as search path. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Records that the test was given what it needs to connect by itself ({@link #info()}'s URL and
     * password): such connections bypass {@link #dataSource()}, so the reset cannot ask them to publish
     * what they wrote, and checks the database's rows instead.
     */
    public void handedOutForOwnConnections() {
        connectedByItself = true;
    }

    @Override
    public void close() {
        giveBack.accept(connectedByItself);
    }
}
