package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code --wait-for-db}: tries to connect until the database accepts connections or the time is up,
 * pausing longer after each failed attempt (0.25 s doubling up to 5 s) and reporting each attempt on
 * stderr. Only failures that time can cure are retried: the server not listening or not reachable
 * yet (SQLSTATE class 08), starting up or shutting down (57P0x), too many connections (53300). A
 * refused password or an unknown database fails at once.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error codes</a>
 */
final class DatabaseWait {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final Duration limit;
    private final Console console;

    DatabaseWait(Duration limit, Console console) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.console = Objects.requireNonNull(console, "console");
    }

    /**
     * Returns once {@code database} accepts a connection.
     *
     * @throws DatabaseUnavailableException when the time is up (naming the attempts and the last error), when
     *                                      a failure is not one to wait out, or when the thread is interrupted
     */
    void await(Database database) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            SQLException failure;
            try (Connection connection = database.dataSource().getConnection()) {
                if (attempt > 1) {
                    console.event(Event.info("database.available", "the database at " + database.url()
                            + " accepts connections after " + attempt + " attempts (" + seconds(System.nanoTime() - started)
                            + ")").with("url", database.url()).with("attempts", attempt)
                            .with("waitedMillis", (System.nanoTime() - started) / 1_000_000));
                }
                return;
            } catch (SQLException e) {
                failure = e;
            }
            String error = describe(failure);
            if (!worthWaiting(failure)) {
                throw new DatabaseUnavailableException("Cannot connect to PostgreSQL: " + error, failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new DatabaseUnavailableException("The database at " + database.url() + " did not accept connections"
                        + " within " + seconds(limit.toNanos()) + " (--wait-for-db; " + attempt
                        + (attempt == 1 ? " attempt" : " attempts") + "); the last error: " + error, failure);
            }
            Duration sleep = pause.toNanos() < left ? pause : Duration.ofNanos(left);
            console.event(Event.info("database.waiting", "waiting for the database at " + database.url() + " (attempt "
                    + attempt + ", " + seconds(left) + " left): " + error + "; next attempt in " + seconds(sleep.toNanos()))
                    .with("url", database.url()).with("attempt", attempt).with("error", error)
                    .with("sqlState", failure.getSQLState()).with("retryInMillis", sleep.toMillis())
                    .with("remainingMillis", left / 1_000_000));
            try {
                Thread.sleep(sleep.toMillis(), (int) (sleep.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseUnavailableException("Interrupted while waiting for the database at " + database.url()
                        + "; the last error: " + error, failure);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    private static boolean worthWaiting(SQLException failure) {
        String state = failure.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }

    /** The driver's message, its cause when the message leaves the reason out, and the SQLSTATE. */
    private static String describe(SQLException failure) {
        String message = String.valueOf(failure.getMessage());
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return failure.getSQLState() == null ? message : message + " [SQLSTATE " + failure.getSQLState() + "]";
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
