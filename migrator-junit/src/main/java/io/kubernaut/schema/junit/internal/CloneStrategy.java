package io.kubernaut.schema.junit.internal;

import io.kubernaut.schema.migrator.ConfigurationException;
import java.util.Locale;

/**
 * How test databases are copied from their template: the {@code STRATEGY} of
 * {@code CREATE DATABASE ... TEMPLATE} (PostgreSQL 15 and later).
 *
 * <p>{@code WAL_LOG}, the default since 15, copies the template block by block and writes every
 * block to the WAL; {@code FILE_COPY} copies the files and takes a checkpoint before and after
 * (https://www.postgresql.org/docs/current/sql-createdatabase.html). On a server with
 * {@code fsync=off}, as the embedded and Testcontainers servers of a test run are, a checkpoint
 * only hands pages to the kernel, so {@code FILE_COPY} costs the file copy alone, and clones the two
 * families' template in about two thirds of the time {@code WAL_LOG} takes (docs/benchmarks.md).
 * On a durable server its checkpoints would flush every dirty page of every database, so there the
 * server's default stays.
 */
public enum CloneStrategy {

    /** No {@code STRATEGY} clause: the server's default. */
    SERVER_DEFAULT(null),
    /** {@code STRATEGY WAL_LOG}. */
    WAL_LOG("WAL_LOG"),
    /** {@code STRATEGY FILE_COPY}. */
    FILE_COPY("FILE_COPY");

    private static final int FIRST_VERSION_WITH_STRATEGY = 150000;

    private final String keyword;

    CloneStrategy(String keyword) {
        this.keyword = keyword;
    }

    /** The {@code STRATEGY} of the statement; null for {@link #SERVER_DEFAULT}. */
    String keyword() {
        return keyword;
    }

    /**
     * The strategy for a server.
     *
     * @param configured    {@code auto}, {@code wal_log} or {@code file_copy} ({@link Settings#CLONE_STRATEGY})
     * @param versionNumber the server's {@code server_version_num}
     * @param fsync         whether the server's {@code fsync} is on
     * @throws ConfigurationException for another value, or a strategy the server does not have
     */
    public static CloneStrategy choose(String configured, int versionNumber, boolean fsync) {
        String value = configured.toLowerCase(Locale.ROOT);
        boolean hasStrategies = versionNumber >= FIRST_VERSION_WITH_STRATEGY;
        switch (value) {
            case "auto":
                return hasStrategies && !fsync ? FILE_COPY : SERVER_DEFAULT;
            case "wal_log":
            case "file_copy":
                if (!hasStrategies) {
                    throw new ConfigurationException(Settings.CLONE_STRATEGY + "=" + value + " needs PostgreSQL 15 or"
                            + " later; the server is " + versionNumber + ": use auto");
                }
                return value.equals("wal_log") ? WAL_LOG : FILE_COPY;
            default:
                throw new ConfigurationException(Settings.CLONE_STRATEGY + " must be auto, wal_log or file_copy, was '"
                        + configured + "'");
        }
    }
}
