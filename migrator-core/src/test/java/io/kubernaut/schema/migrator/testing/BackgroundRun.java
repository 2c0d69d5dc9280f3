package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A migrator's {@code apply()} on a thread of its own, so a test can hit it with a fault while it
 * runs: it tells which migration is running, and lets the test wait for a given one to start.
 */
public final class BackgroundRun {

    private final CompletableFuture<ApplyResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void>[] started;
    private volatile PlannedMigration current;
    private volatile boolean currentFinished;

    @SuppressWarnings("unchecked")
    private BackgroundRun(int migrations) {
        started = new CompletableFuture[migrations + 1];
        for (int i = 0; i < started.length; i++) {
            started[i] = new CompletableFuture<>();
        }
    }

    /** Starts {@code migrator.apply()} (its listener replaced) for a family of {@code migrations} migrations. */
    public static BackgroundRun start(Migrator migrator, int migrations, String threadName) {
        BackgroundRun run = new BackgroundRun(migrations);
        Migrator listening = migrator.withListener(new MigrationListener() {
            @Override
            public void migrationStarting(PlannedMigration migration) {
                run.current = migration;
                run.currentFinished = false;
                if (migration.version() < run.started.length) {
                    run.started[migration.version()].complete(null);
                }
            }

            @Override
            public void migrationApplied(AppliedMigration migration) {
                run.currentFinished = true;
            }
        });
        Thread thread = new Thread(() -> {
            try {
                run.result.complete(listening.apply());
            } catch (Throwable e) {
                run.result.completeExceptionally(e);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /**
     * Waits until migration {@code version} starts; false when the run ended before (successfully
     * or not).
     */
    public boolean awaitStart(int version, Duration timeout) throws InterruptedException, TimeoutException {
        try {
            CompletableFuture.anyOf(started[version], result).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return started[version].isDone();
        }
        return started[version].isDone();
    }

    /** The migration running, or last run; null before the first. */
    public PlannedMigration current() {
        return current;
    }

    /** Whether {@link #current()} was applied and recorded. */
    public boolean currentFinished() {
        return currentFinished;
    }

    /** The run's outcome: its result, or the exception it ended with. */
    public Object outcome(Duration timeout) throws InterruptedException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("The migrator did not end within " + timeout.toSeconds() + " s after the fault");
        }
    }
}
