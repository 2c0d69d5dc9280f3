package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.AheadPolicy;
import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.FamilyState;
import io.kubernaut.schema.migrator.FamilyStatus;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One family compared with its rows in the history table: what is applied, pending, ahead, changed.
 */
final class FamilyReconciliation {

    private final SchemaModule module;
    private final List<HistoryRow> rows;
    private final List<Integer> applied = new ArrayList<>();
    private final List<Migration> pending = new ArrayList<>();
    private final List<Integer> ahead = new ArrayList<>();
    private final List<Integer> failed = new ArrayList<>();
    /** Pending versions below the highest applied one: a gap in the history. */
    private final List<Integer> missing = new ArrayList<>();
    private final List<Conflict.ChecksumMismatch> mismatches = new ArrayList<>();

    public FamilyReconciliation(SchemaModule module, List<HistoryRow> rows) {
        this.module = module;
        this.rows = List.copyOf(rows);
        Map<Integer, HistoryRow> byVersion = new HashMap<>();
        rows.forEach(row -> byVersion.put(row.version(), row));
        List<Migration> migrations = module.migrations();
        for (Migration migration : migrations) {
            HistoryRow row = byVersion.get(migration.version());
            if (row == null || !row.success()) {
                pending.add(migration);
                if (row != null) {
                    failed.add(row.version());
                }
            } else {
                applied.add(row.version());
                if (!row.checksum().equals(migration.checksum())) {
                    mismatches.add(new Conflict.ChecksumMismatch(module.name(), migration.version(), migration.script(),
                            row.checksum(), migration.checksum(), row.artifactVersion(), module.artifactVersion()));
                }
            }
        }
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        rows.stream().filter(row -> row.version() > latest && row.success()).forEach(row -> ahead.add(row.version()));
        int highestApplied = highestApplied();
        pending.stream().map(Migration::version).filter(v -> v < highestApplied).forEach(missing::add);
    }

    private int highestApplied() {
        return rows.stream().filter(HistoryRow::success).mapToInt(HistoryRow::version).max().orElse(0);
    }

    /** Pending versions below an applied one (a gap in the history), in version order. */
    public List<Integer> missing() {
        return missing;
    }

    public SchemaModule module() {
        return module;
    }

    /** Migrations to run, in version order (including failed non-transactional ones, retried). */
    public List<Migration> pending() {
        return pending;
    }

    public int appliedCount() {
        return applied.size();
    }

    /** True when the history has no successful row of this family. */
    public boolean neverApplied() {
        return applied.isEmpty() && ahead.isEmpty();
    }

    /** The reasons to refuse under {@code policy}, and unless {@code outOfOrder} allows a gap. */
    public List<Conflict> conflicts(AheadPolicy policy, boolean outOfOrder) {
        List<Conflict> conflicts = new ArrayList<>(mismatches);
        if (!ahead.isEmpty() && policy == AheadPolicy.REFUSE) {
            conflicts.add(aheadConflict());
        }
        if (!missing.isEmpty() && !outOfOrder) {
            conflicts.add(new Conflict.HistoryGap(module.name(), missing, highestApplied()));
        }
        return conflicts;
    }

    /** A warning when there is a gap and {@code outOfOrder} allows it, else null. */
    public String outOfOrderWarning(boolean outOfOrder) {
        return missing.isEmpty() || !outOfOrder ? null : "out of order (allowed): "
                + missing.stream().map(v -> "V" + v).collect(Collectors.joining(", ")) + " of '"
                + module.name() + "' run after V" + highestApplied() + "; recorded so in the history's note";
    }

    /** The note recorded with a missing version run out of order. */
    public String outOfOrderNote() {
        return "applied out of order, after V" + highestApplied() + " (out-of-order allowed)";
    }

    /** A warning when the database is ahead and the policy allows it, else null. */
    public String aheadWarning(AheadPolicy policy) {
        return ahead.isEmpty() || policy != AheadPolicy.ALLOW ? null : "allowed: " + aheadConflict().describe();
    }

    private Conflict.DatabaseAhead aheadConflict() {
        int latest = module.migrations().isEmpty() ? 0 : module.migrations().get(module.migrations().size() - 1).version();
        return new Conflict.DatabaseAhead(module.name(), ahead, latest, newestArtifactVersion(), module.artifactVersion());
    }

    private String newestArtifactVersion() {
        return rows.stream().filter(HistoryRow::success).reduce((a, b) -> b.version() > a.version() ? b : a)
                .map(HistoryRow::artifactVersion).orElse(null);
    }

    public FamilyStatus status() {
        FamilyState state;
        if (!mismatches.isEmpty()) {
            state = FamilyState.CHECKSUM_MISMATCH;
        } else if (!ahead.isEmpty()) {
            state = FamilyState.AHEAD;
        } else if (!missing.isEmpty()) {
            state = FamilyState.GAP;
        } else if (!failed.isEmpty()) {
            state = FamilyState.FAILED;
        } else if (applied.isEmpty()) {
            state = FamilyState.NOT_INSTALLED;
        } else if (!pending.isEmpty()) {
            state = FamilyState.PENDING;
        } else {
            state = FamilyState.UP_TO_DATE;
        }
        return new FamilyStatus(module.name(), module.artifactVersion(), newestArtifactVersion(), applied,
                pending.stream().map(Migration::version).toList(), ahead,
                mismatches.stream().map(Conflict.ChecksumMismatch::version).toList(), failed, missing, state);
    }
}
