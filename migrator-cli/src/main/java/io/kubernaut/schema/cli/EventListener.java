package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import java.time.Duration;
import java.util.Objects;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A run's progress as {@link Event}s ({@code --log-format json}): each {@link MigrationListener}
 * callback is one event, so a new callback is one more method here.
 */
final class EventListener implements MigrationListener {

    private final Consumer<Event> events;

    EventListener(Consumer<Event> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public void waitingForLock(LockHolder holder, Duration wait) {
        events.accept(Event.info("lock.waiting", "waiting up to " + wait.toSeconds() + " s for the migration lock held by "
                + holder.describe()).with("waitMillis", wait.toMillis()).with("holder", Json.HolderView.of(holder)));
    }

    @Override
    public void lockAcquired(String schema, Duration waited) {
        events.accept(Event.info("lock.acquired", "holding the migration lock of schema '" + schema + "'")
                .with("schema", schema).with("waitedMillis", waited.toMillis()));
    }

    @Override
    public void runStarting(Plan plan) {
        events.accept(Event.info("apply.planned", "schema '" + plan.schema() + "': " + plan.pending().size()
                        + " to apply, " + plan.alreadyApplied() + " already applied")
                .with("schema", plan.schema()).with("families", plan.families())
                .with("pending", plan.pending().size()).with("alreadyApplied", plan.alreadyApplied()));
    }

    @Override
    public void familyAdopted(Adoption adoption) {
        events.accept(Event.info("family.adopted", adoption.describe() + " (recorded without running its scripts)")
                .with("schema", adoption.schema()).with("family", adoption.family()).with("version", adoption.version())
                .with("kind", adoption.kind().name().toLowerCase(Locale.ROOT)).with("note", adoption.note()));
    }

    @Override
    public void migrationStarting(PlannedMigration migration) {
        events.accept(migration(Event.info("migration.started", migration.label() + " " + migration.description()
                + " started"), migration).with("description", migration.description()));
    }

    @Override
    public void migrationApplied(AppliedMigration applied) {
        PlannedMigration migration = applied.migration();
        events.accept(migration(Event.info("migration.finished", migration.label() + " " + migration.description()
                        + " applied in " + applied.duration().toMillis() + " ms"),
                migration).with("durationMillis", applied.duration().toMillis()));
    }

    @Override
    public void migrationFailed(PlannedMigration migration, MigrationFailedException failure) {
        events.accept(migration(Event.error("migration.failed", failure.getMessage()), migration)
                .with("line", failure.line()).with("sqlState", failure.sqlState())
                .with("serverMessage", failure.serverMessage()));
    }

    @Override
    public void runFinished(ApplyResult result) {
        events.accept(Event.info("apply.finished", "applied " + result.applied().size() + " migrations to schema '"
                        + result.schema() + "' in " + result.duration().toMillis() + " ms")
                .with("schema", result.schema()).with("applied", result.applied().size())
                .with("alreadyApplied", result.alreadyApplied()).with("durationMillis", result.duration().toMillis()));
    }

    @Override
    public void warning(String message) {
        events.accept(Event.warn("warning", message));
    }

    private static Event migration(Event event, PlannedMigration migration) {
        return event.with("family", migration.family()).with("version", migration.version())
                .with("script", migration.script()).with("artifactVersion", migration.artifactVersion());
    }
}
