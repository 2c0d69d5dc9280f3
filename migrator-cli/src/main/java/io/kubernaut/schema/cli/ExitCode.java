package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.LockTimeoutException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.postgres.PostgresServerException;
import io.kubernaut.schema.resolver.FamilyResolutionException;
import io.kubernaut.schema.resolver.RepositoryUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit codes of {@code migrator}, one per kind of outcome, so scripts can branch without parsing
 * messages. Shown by {@code --help}.
 *
 * @since 0.1.0
 */
public enum ExitCode {

    /** Everything worked. */
    SUCCESS(0, "Success."),
    /** A migration's SQL failed; it was rolled back and nothing after it ran. */
    MIGRATION_FAILED(1, "A migration failed (rolled back; nothing after it ran), also on a table lock held past"
            + " --lock-timeout in every attempt --lock-retries allows, or a statement cancelled by an administrator or"
            + " a statement_timeout; or an unexpected error."),
    /** The command line or the families cannot work. */
    USAGE(2, "Bad usage or configuration: unknown option, table or family, missing required family,"
            + " dependency cycle, invalid value, transaction control (COMMIT, ROLLBACK, ...) or COPY FROM STDIN in a"
            + " script; with --artifact/--bom: coordinates not found in any repository"
            + " searched, or an artifact without a family. For lint: a folder that cannot be a family."),
    /** The migrator refused before changing anything, or {@code verify} found drift. */
    REFUSED(3, "Refused by validation: an applied migration was changed (checksum), two jars provide one"
            + " family, the database is ahead of a family's artifact, a family's existing tables match none of its versions,"
            + " another tool's history cannot be imported (adopt), or the history has a gap (without --out-of-order)."
            + " For verify: the database drifted from a family's schema snapshot. For compat: the new version breaks its"
            + " compatibility mode, or upgrading to it gives another schema than a fresh install. For lint: statements"
            + " that are not idempotent remain."),
    /** The database could not be used. */
    UNAVAILABLE(4, "Cannot connect to PostgreSQL (no answer within --connect-timeout or --socket-timeout"
            + " included), or another migrator held the lock past --lock-wait; with"
            + " --artifact/--bom: a Maven repository cannot be reached, refuses the credentials, or delivered a file"
            + " that does not match its checksum.");

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** One sentence for {@code --help}. */
    public String description() {
        return description;
    }

    /**
     * The exit code that {@code failure} ends the command with: the one place that maps failures to exit
     * codes. The registry's own failures are all {@link io.kubernaut.schema.migrator.SchemaRegistryException}s
     * (servers that cannot start included); anything else is unexpected and counts as a failed migration.
     */
    public static ExitCode of(Throwable failure) {
        if (failure instanceof MigrationFailedException) {
            return MIGRATION_FAILED;
        }
        // A repository that cannot deliver (unreachable, refusing, corrupted download) before the rest of
        // the resolver's failures, which are about what was asked for.
        if (failure instanceof RepositoryUnavailableException) {
            return UNAVAILABLE;
        }
        if (failure instanceof ConfigurationException || failure instanceof CommandLine.ParameterException
                || failure instanceof FamilyResolutionException) {
            return USAGE;
        }
        if (failure instanceof ConflictException) {
            return REFUSED;
        }
        if (failure instanceof DatabaseUnavailableException || failure instanceof LockTimeoutException
                || failure instanceof PostgresServerException) {
            return UNAVAILABLE;
        }
        return MIGRATION_FAILED;
    }

    /** The list for picocli's "Exit codes:" section of the usage help. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exitCode : values()) {
            list.put(String.valueOf(exitCode.code), exitCode.description);
        }
        return list;
    }
}
