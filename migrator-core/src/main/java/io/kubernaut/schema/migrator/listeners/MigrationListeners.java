package io.kubernaut.schema.migrator.listeners;

import io.kubernaut.schema.migrator.MigrationListener;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The listeners migrator-core ships: progress through SLF4J (the {@link io.kubernaut.schema.migrator.Migrator}'s
 * default) and progress printed for people. They live here, not on {@link MigrationListener}, so the
 * interface does not depend on its implementations.
 *
 * @since 0.1.0
 */
public final class MigrationListeners {

    private MigrationListeners() {
    }

    /**
     * Reports through SLF4J (logger {@code io.kubernaut.schema.migrator}): waiting, the plan, each
     * migration, warnings. Stateless; never null.
     */
    public static MigrationListener logging() {
        return LoggingListener.INSTANCE;
    }

    /**
     * Prints progress for people to {@code out}, one line per migration as it runs, flushing before each
     * migration starts so a slow one shows what is running. The writer is not closed.
     *
     * @param out where to print; not null
     */
    public static MigrationListener printingTo(PrintWriter out) {
        return new PrintingListener(Objects.requireNonNull(out, "out"));
    }
}
