package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.AdoptionReport;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.DatabaseUnavailableException;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.DriftState;
import io.kubernaut.schema.migrator.FamilyDrift;
import io.kubernaut.schema.migrator.FamilyStatus;
import io.kubernaut.schema.migrator.ForeignHistory;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.StatusReport;
import io.kubernaut.schema.migrator.ValidationResult;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.lint.TransactionControl;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Does the work behind {@link io.kubernaut.schema.migrator.Migrator}: selection, lock, history,
 * validation, execution. One instance serves one call.
 */
public final class MigrationEngine {

    private final DataSource dataSource;
    private final SchemaCatalog catalog;
    private final MigrationConfig config;
    private final MigrationListener listener;
    private final HistoryTable history;
    /** Notes to record with migrations, by migration: why one runs out of order. */
    private final Map<PlannedMigration, String> notes = new HashMap<>();

    public MigrationEngine(DataSource dataSource, SchemaCatalog catalog, MigrationConfig config, MigrationListener listener) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.config = config;
        this.listener = listener;
        this.history = new HistoryTable(config.schema());
    }

    /** Applies every pending migration of the selection. */
    public ApplyResult apply() {
        long started = System.nanoTime();
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        requireFamilies(modules);
        requireTransactionalWhenAllOrNothing(modules);
        try (Session session = Session.open(dataSource)) {
            Connection connection = session.connection();
            try (AdvisoryLock lock = AdvisoryLock.acquire(connection, config.schema(), config.lockWait(), listener)) {
                return applyLocked(session, modules, started);
            }
        } catch (SQLException e) {
            throw unavailable("applying to schema '" + config.schema() + "'", e);
        }
    }

    private ApplyResult applyLocked(Session session, List<SchemaModule> modules, long started) throws SQLException {
        Connection connection = session.connection();
        Assessment assessment = assess(connection, modules);
        assessment.refuseOnConflicts();
        List<PreparedMigration> work = prepare(assessment.plan().pending(), true);
        assessment.warnings().forEach(listener::warning);
        listener.runStarting(assessment.plan());

        List<AppliedMigration> applied = new ArrayList<>();
        if (config.allOrNothing()) {
            connection.setAutoCommit(false);
        }
        try (BlockerWatch blockers = work.isEmpty() ? null : BlockerWatch.of(dataSource, connection, config.lockTimeout())) {
            history.create(connection);
            for (Adoptions.Decision decision : assessment.adoptions()) {
                recordAdoption(connection, decision);
            }
            if (!work.isEmpty()) {
                session.setSearchPath(config.schema());
                // Part of the state every migration starts from; the caller's value is restored at the end.
                session.setLockTimeout(config.lockTimeout());
            }
            for (PreparedMigration migration : work) {
                applied.add(applyOne(session, migration, blockers));
            }
            if (config.allOrNothing()) {
                connection.commit();
            }
        } catch (RuntimeException | SQLException e) {
            session.rollbackQuietly();
            throw e;
        }
        ApplyResult result = new ApplyResult(config.schema(), assessment.plan().families(), applied,
                assessment.plan().adoptions(), assessment.plan().alreadyApplied(), assessment.warnings(), Duration.ofNanos(System.nanoTime() - started));
        listener.runFinished(result);
        return result;
    }

    /**
     * Records an adopted family's versions (one transaction, unless the whole run is one), so the rows of
     * a family are all there or none.
     */
    private void recordAdoption(Connection connection, Adoptions.Decision decision) throws SQLException {
        boolean ownTransaction = !config.allOrNothing();
        if (ownTransaction) {
            connection.setAutoCommit(false);
        }
        Adoptions.record(connection, history, catalog.family(decision.adoption().family()).orElseThrow(), decision);
        if (ownTransaction) {
            connection.commit();
            connection.setAutoCommit(true);
        }
        listener.familyAdopted(decision.adoption());
    }

    /**
     * Applies one migration; one that failed on the lock timeout is run again (up to the configured
     * retries, with a growing pause) when its transaction rolled back entirely.
     */
    private AppliedMigration applyOne(Session session, PreparedMigration prepared, BlockerWatch blockers)
            throws SQLException {
        Connection connection = session.connection();
        PlannedMigration migration = prepared.migration();
        listener.migrationStarting(migration);
        boolean retryable = migration.transactional() && !config.allOrNothing();
        for (int attempt = 1; ; attempt++) {
            try (BlockerWatch.Watching watching = blockers.start()) {
                AppliedMigration applied = attempt(session, prepared);
                listener.migrationApplied(applied);
                return applied;
            } catch (MigrationFailedException e) {
                MigrationFailedException failure = e;
                if (TableLocks.timedOut(e)) {
                    if (retryable && attempt <= config.lockRetries()) {
                        Duration pause = TableLocks.pause(attempt);
                        listener.warning(migration.label() + " waited " + config.lockTimeout().toMillis()
                                + " ms for a table lock" + blockedBy(blockers) + "; rolled back, retry " + attempt + " of "
                                + config.lockRetries() + " in " + pause.toMillis() + " ms");
                        if (!connection.getAutoCommit()) {
                            // Timed out after the script (recording it): that transaction is still open, aborted.
                            connection.rollback();
                            connection.setAutoCommit(true);
                        }
                        pauseBeforeRetry(pause, e);
                        continue;
                    }
                    failure = TableLocks.gaveUp(e, attempt, config.lockTimeout(), migration.transactional(), retryable,
                            blockers.lastSeen());
                }
                listener.migrationFailed(migration, failure);
                throw failure;
            }
        }
    }

    private static String blockedBy(BlockerWatch blockers) {
        return blockers.lastSeen().isEmpty() ? "" : " (blocked by " + blockers.lastSeen().stream()
                .map(BlockerWatch.Blocker::describe).collect(Collectors.joining(", ")) + ")";
    }

    private static void pauseBeforeRetry(Duration pause, MigrationFailedException failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** One attempt at a migration: on failure, its own transaction is rolled back (or the failure recorded). */
    private AppliedMigration attempt(Session session, PreparedMigration prepared) throws SQLException {
        Connection connection = session.connection();
        PlannedMigration migration = prepared.migration();
        long started = System.nanoTime();
        boolean ownTransaction = migration.transactional() && !config.allOrNothing();
        // What the session is before the first migration is what every migration starts from: a script's
        // own SET, SET ROLE and temporary tables end with it (reset in the same batch as its statements).
        SessionState start = session.migrationState();
        List<String> reset = SessionState.mayChange(prepared.statements()) ? start.restore() : List.of();
        try {
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            ScriptRunner.run(connection, prepared, migration.transactional(), reset);
            if (!migration.transactional()) {
                ScriptRunner.requireValidIndexes(connection, migration, config.schema(),
                        catalog.family(migration.family()).orElseThrow().tables());
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            history.record(connection, migration, prepared.checksum(), duration, true, HistoryKind.APPLIED,
                    notes.get(migration));
            if (ownTransaction) {
                connection.commit();
                connection.setAutoCommit(true);
            }
            return new AppliedMigration(migration, duration);
        } catch (MigrationFailedException e) {
            if (ownTransaction) {
                connection.rollback();
                connection.setAutoCommit(true);
            } else if (!migration.transactional()) {
                // Outside a transaction the effects so far stay; record the failure so status shows it
                // and the next run retries the (idempotent) script, from the session state it started in.
                session.restoreQuietly(reset);
                history.record(connection, migration, prepared.checksum(), Duration.ofNanos(System.nanoTime() - started), false);
            }
            throw e;
        } catch (SQLException e) {
            // The script ran, but recording it (or ending its transaction) failed: the caller rolls back.
            throw ScriptRunner.failure(migration, null, e);
        }
    }

    /**
     * Records the selected families whose tables exist without history at the version they are at,
     * running none of their scripts: by their schema snapshots (or the configured baseline) when
     * {@code source} is null, else by {@code source}'s history after checking the schema against the
     * version it names. Under the schema's lock; all refusals are found before anything is recorded.
     */
    public AdoptionReport adopt(ForeignHistory source) {
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        requireFamilies(modules);
        if (source != null && config.baselineVersion().isPresent()) {
            throw new ConfigurationException("Adopting from " + source.table() + " takes the version from it; a baseline"
                    + " version is for tables without any history. Give one or the other. Nothing was recorded.");
        }
        List<SchemaModule> candidates = source == null ? modules : List.of(importTarget(modules, source));
        try (Session session = Session.open(dataSource)) {
            Connection connection = session.connection();
            try (AdvisoryLock lock = AdvisoryLock.acquire(connection, config.schema(), config.lockWait(), listener)) {
                Map<String, List<HistoryRow>> rows = history.read(connection, Selection.names(candidates));
                List<String> recorded = new ArrayList<>();
                List<String> unrecorded = new ArrayList<>();
                candidates.forEach(m -> (rows.getOrDefault(m.name(), List.of()).isEmpty() ? unrecorded : recorded).add(m.name()));
                Set<String> existing = familiesWithExistingTables(connection, unrecorded);
                List<Conflict> conflicts = new ArrayList<>();
                List<String> warnings = new ArrayList<>();
                List<Adoptions.Decision> decisions = new ArrayList<>();
                List<String> withoutTables = new ArrayList<>();
                if (source == null) {
                    unrecorded.stream().filter(f -> !existing.contains(f)).forEach(withoutTables::add);
                    decisions.addAll(decideAdoptions(connection, existing, conflicts, warnings).values());
                } else {
                    // goose's history is checked even when no table exists: the check against its version then fails.
                    for (String family : unrecorded) {
                        Adoptions.byImport(connection, config.schema(), catalog.family(family).orElseThrow(), source,
                                conflicts).ifPresent(decisions::add);
                    }
                }
                if (!conflicts.isEmpty()) {
                    throw new ConflictException(conflicts);
                }
                warnings.forEach(listener::warning);
                if (!decisions.isEmpty()) {
                    history.create(connection);
                }
                for (Adoptions.Decision decision : decisions) {
                    recordAdoption(connection, decision);
                }
                return new AdoptionReport(config.schema(), decisions.stream().map(Adoptions.Decision::adoption).toList(),
                        recorded, withoutTables);
            }
        } catch (SQLException e) {
            throw unavailable("adopting existing tables in schema '" + config.schema() + "'", e);
        }
    }

    /** The one family another tool's history is imported for. */
    private SchemaModule importTarget(List<SchemaModule> modules, ForeignHistory source) {
        if (config.families().size() == 1) {
            return catalog.family(config.families().iterator().next()).orElseThrow();
        }
        if (modules.size() == 1) {
            return modules.get(0);
        }
        throw new ConfigurationException(source.table() + " is the history of one family, but " + modules.size()
                + " are selected (" + String.join(", ", Selection.names(modules)) + "): name the one it belongs to with"
                + " --family (MigrationConfig.families). Nothing was recorded.");
    }

    /** What apply would do, without changing anything. */
    public Plan plan() {
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        requireFamilies(modules);
        requireTransactionalWhenAllOrNothing(modules);
        try (Session session = Session.open(dataSource)) {
            Assessment assessment = assess(session.connection(), modules);
            assessment.refuseOnConflicts();
            prepare(assessment.plan().pending(), false);
            return assessment.plan();
        } catch (SQLException e) {
            throw unavailable("planning schema '" + config.schema() + "'", e);
        }
    }

    /** Each selected family's state. */
    public StatusReport status() {
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        try (Session session = Session.open(dataSource)) {
            Map<String, List<HistoryRow>> rows = history.read(session.connection(), Selection.names(modules));
            List<FamilyStatus> families = modules.stream()
                    .map(m -> new FamilyReconciliation(m, rows.getOrDefault(m.name(), List.of())).status()).toList();
            return new StatusReport(config.schema(), families);
        } catch (SQLException e) {
            throw unavailable("reading the status of schema '" + config.schema() + "'", e);
        }
    }

    /** Every reason apply would refuse. */
    public ValidationResult validate() {
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        requireTransactionalWhenAllOrNothing(modules);
        try (Session session = Session.open(dataSource)) {
            Assessment assessment = assess(session.connection(), modules);
            prepare(assessment.plan().pending(), false);
            return new ValidationResult(config.schema(), assessment.conflicts());
        } catch (SQLException e) {
            throw unavailable("validating schema '" + config.schema() + "'", e);
        }
    }

    /**
     * Compares the objects each selected family owns with the snapshot in its artifact. Reads only: one
     * read-only transaction (so the history and the catalog are seen at one moment), no lock.
     */
    public DriftReport verify() {
        List<SchemaModule> modules = Selection.resolve(catalog, config);
        Map<String, SchemaSnapshot> snapshots = new HashMap<>();
        for (SchemaModule module : modules) {
            snapshot(module).ifPresent(snapshot -> snapshots.put(module.name(), snapshot));
        }
        try (Session session = Session.open(dataSource)) {
            Connection connection = session.connection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            Map<String, List<HistoryRow>> rows = history.read(connection, Selection.names(modules));
            List<String> unrecorded = modules.stream().map(SchemaModule::name)
                    .filter(f -> rows.getOrDefault(f, List.of()).isEmpty() && snapshots.containsKey(f)).toList();
            Set<String> existing = familiesWithExistingTables(connection, unrecorded);
            List<FamilyDrift> families = new ArrayList<>();
            for (SchemaModule module : modules) {
                FamilyStatus status = new FamilyReconciliation(module, rows.getOrDefault(module.name(), List.of())).status();
                SchemaSnapshot expected = snapshots.get(module.name());
                DriftState state;
                int latest = module.migrations().size();
                if (expected != null && existing.contains(module.name())) {
                    // Tables without history (made by goose, Flyway, copied SQL): placed by the snapshots, as apply would.
                    SchemaPlacement placement = SchemaPlacement.place(connection, config.schema(), module);
                    families.add(placement.matched()
                            ? new FamilyDrift(module.name(), module.artifactVersion(), DriftState.UNRECORDED, status,
                                    placement.version(), List.of())
                            : new FamilyDrift(module.name(), module.artifactVersion(), DriftState.DRIFTED, status,
                                    placement.nearest(), placement.nearestDifferences()));
                    continue;
                }
                if (expected == null) {
                    state = DriftState.NOT_VERIFIABLE;
                } else if (status.applied().isEmpty() && status.ahead().isEmpty()) {
                    state = DriftState.NOT_INSTALLED;
                } else if (!status.ahead().isEmpty()) {
                    state = DriftState.AHEAD;
                } else if (!status.pending().isEmpty()) {
                    state = DriftState.PENDING; // failed non-transactional ones included: they are retried
                } else {
                    // At the artifact's latest version (with changed checksums too: what the applied scripts
                    // left is what the snapshot is compared with).
                    state = null;
                }
                List<Drift> differences = List.of();
                if (state == null) {
                    differences = DriftCheck.compare(expected,
                            SchemaSnapshot.takeLike(connection, config.schema(), expected, module.tables()));
                    state = differences.isEmpty() ? DriftState.MATCHES : DriftState.DRIFTED;
                }
                String notCompared = expected != null && expected.format() < 2
                        ? "not compared (snapshot format " + expected.format() + "): " + SchemaSnapshot.NOT_IN_FORMAT_1 : null;
                families.add(new FamilyDrift(module.name(), module.artifactVersion(), state, status,
                        state.compared() ? latest : 0, differences, notCompared));
            }
            connection.rollback();
            return new DriftReport(config.schema(), families);
        } catch (SQLException e) {
            throw unavailable("verifying schema '" + config.schema() + "'", e);
        }
    }

    /** The snapshot in {@code module}'s artifact, if it has one. */
    private static Optional<SchemaSnapshot> snapshot(SchemaModule module) {
        try {
            return module.snapshot().map(SchemaSnapshot::read);
        } catch (RuntimeException e) {
            throw new ConfigurationException("Cannot read the schema snapshot of family '" + module.name() + "' ("
                    + module.location() + "): " + e.getMessage() + ". Rebuild or re-download the family's artifact.", e);
        }
    }

    /** The selection compared with the history: plan, conflicts and warnings. */
    private record Assessment(Plan plan, List<Conflict> conflicts, List<String> warnings,
            List<Adoptions.Decision> adoptions) {

        void refuseOnConflicts() {
            if (!conflicts.isEmpty()) {
                throw new ConflictException(conflicts);
            }
        }
    }

    private Assessment assess(Connection connection, List<SchemaModule> modules) throws SQLException {
        Map<String, List<HistoryRow>> rows = history.read(connection, Selection.names(modules));
        List<Conflict> conflicts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<PlannedMigration> pending = new ArrayList<>();
        List<FamilyReconciliation> families = new ArrayList<>();
        List<String> neverApplied = new ArrayList<>();
        int alreadyApplied = 0;
        for (SchemaModule module : modules) {
            FamilyReconciliation family = new FamilyReconciliation(module, rows.getOrDefault(module.name(), List.of()));
            families.add(family);
            conflicts.addAll(family.conflicts(config.aheadPolicy(), config.outOfOrder()));
            String warning = family.aheadWarning(config.aheadPolicy());
            if (warning != null) {
                warnings.add(warning);
            }
            String outOfOrder = family.outOfOrderWarning(config.outOfOrder());
            if (outOfOrder != null) {
                warnings.add(outOfOrder);
            }
            alreadyApplied += family.appliedCount();
            if (family.neverApplied() && !family.pending().isEmpty()) {
                neverApplied.add(module.name());
            }
        }
        Map<String, Adoptions.Decision> adoptions = decideAdoptions(connection,
                familiesWithExistingTables(connection, neverApplied), conflicts, warnings);
        for (FamilyReconciliation family : families) {
            SchemaModule module = family.module();
            Adoptions.Decision adoption = adoptions.get(module.name());
            int adoptedVersion = adoption == null ? 0 : adoption.adoption().version();
            for (Migration migration : family.pending()) {
                // Never a migration of a version the database is judged to be at or below.
                if (migration.version() > adoptedVersion) {
                    PlannedMigration planned = new PlannedMigration(module.name(), migration.version(),
                            migration.description(), migration.script(), module.artifactVersion(), migration.transactional());
                    pending.add(planned);
                    if (family.missing().contains(migration.version())) {
                        notes.put(planned, family.outOfOrderNote());
                    }
                }
            }
        }
        List<Adoptions.Decision> decisions = List.copyOf(adoptions.values());
        Plan plan = new Plan(config.schema(), Selection.names(modules), pending, alreadyApplied,
                decisions.stream().map(Adoptions.Decision::adoption).toList(), warnings);
        return new Assessment(plan, conflicts, warnings, decisions);
    }

    /**
     * For each family of {@code existing} (tables there, no history): the version to record, from its
     * snapshots or the configured baseline; a conflict where no version matches.
     */
    private Map<String, Adoptions.Decision> decideAdoptions(Connection connection, Set<String> existing,
            List<Conflict> conflicts, List<String> warnings) throws SQLException {
        Integer baseline = config.baselineVersion().isPresent() ? config.baselineVersion().getAsInt() : null;
        if (baseline != null && existing.size() > 1) {
            throw new ConfigurationException("The baseline version " + baseline + " is one family's version, but the"
                    + " tables of " + existing.size() + " families exist without history (" + String.join(", ", existing)
                    + "): select the family it is for with --families (MigrationConfig.families). Nothing was applied.");
        }
        if (baseline != null && existing.isEmpty()) {
            warnings.add("the baseline version " + baseline + " was not used: no selected family has tables without history");
        }
        Map<String, Adoptions.Decision> decisions = new LinkedHashMap<>();
        for (String family : existing) {
            Adoptions.bySchema(connection, config.schema(), catalog.family(family).orElseThrow(), baseline, conflicts)
                    .ifPresent(decision -> decisions.put(family, decision));
        }
        return decisions;
    }

    /**
     * Of {@code families}, those with at least one table already in the target schema (a view or a
     * sequence of the same name is not the family's table: a script will fail on it, saying so).
     */
    private Set<String> familiesWithExistingTables(Connection connection, List<String> families) throws SQLException {
        Set<String> result = new LinkedHashSet<>();
        if (families.isEmpty()) {
            return result;
        }
        Map<String, String> owners = new HashMap<>();
        families.forEach(f -> catalog.family(f).orElseThrow().tables().forEach(t -> owners.put(t, f)));
        Set<String> found = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ANY (?) AND c.relkind IN ('r', 'p')")) {
            statement.setString(1, config.schema());
            Array tables = connection.createArrayOf("text", owners.keySet().toArray());
            statement.setArray(2, tables);
            try (ResultSet existing = statement.executeQuery()) {
                while (existing.next()) {
                    found.add(owners.get(existing.getString(1)));
                }
            }
        }
        families.stream().filter(found::contains).forEach(result::add); // in the selection's (dependency) order
        return result;
    }

    /**
     * Reads, verifies and (with {@code split}, for apply) splits every pending script before anything
     * runs, and refuses transaction control in any of them ({@link TransactionControl}), naming each.
     * Plan and validate only read and verify (and split only a script that may hold transaction
     * control): splitting thousands of scripts they never run was a fifth of planning 1,000 families
     * (issue 6).
     */
    private List<PreparedMigration> prepare(List<PlannedMigration> pending, boolean split) {
        List<PreparedMigration> prepared = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (PlannedMigration planned : pending) {
            SchemaModule module = catalog.family(planned.family()).orElseThrow();
            Migration migration = module.migrations().get(planned.version() - 1);
            String text;
            try {
                text = module.readScript(migration);
            } catch (RuntimeException e) {
                throw new ConfigurationException("Cannot read " + planned.label() + ": " + e.getMessage()
                        + ". Nothing was applied.", e);
            }
            String checksum = FamilyIndex.checksum(text);
            if (!checksum.equals(migration.checksum())) {
                throw new ConfigurationException("The script " + planned.label() + " in " + module.location()
                        + " has checksum " + checksum + ", but the family's index says " + migration.checksum()
                        + ": the jar was changed after it was built. Rebuild or re-download it. Nothing was applied.");
            }
            List<SqlStatement> statements = split ? SqlScript.parse(text) : List.of();
            for (TransactionControl.Finding finding : split ? TransactionControl.find(statements) : TransactionControl.find(text)) {
                refused.add("migration '" + planned.family() + "' V" + planned.version() + " (" + planned.script() + ":"
                        + finding.line() + "): " + finding.command());
            }
            prepared.add(new PreparedMigration(planned, checksum, statements));
        }
        if (!refused.isEmpty()) {
            throw new ConfigurationException("Transaction control in a migration script is refused; nothing was"
                    + " applied:\n  " + String.join("\n  ", refused) + "\nWhy: " + TransactionControl.REASON + ".");
        }
        return prepared;
    }

    /**
     * Refuses to apply (or plan) nothing: with no family on the class path, "everything" would
     * succeed, create an empty history and hide a missing dependency until a table is first used.
     */
    private static void requireFamilies(List<SchemaModule> modules) {
        if (modules.isEmpty()) {
            throw new ConfigurationException("No table family on the classpath: there is nothing to apply. Add the"
                    + " artifact of each family the service uses as a dependency (e.g. io.kubernaut.schema:"
                    + "schema-audit-events), or pass the class loader that has them. Nothing was applied.");
        }
    }

    private void requireTransactionalWhenAllOrNothing(List<SchemaModule> modules) {
        if (!config.allOrNothing()) {
            return;
        }
        for (SchemaModule module : modules) {
            for (Migration migration : module.migrations()) {
                if (!migration.transactional()) {
                    throw new ConfigurationException("Migration '" + module.name() + "' V" + migration.version() + " ("
                            + migration.script() + ") cannot run inside a transaction, so the all-or-nothing mode"
                            + " cannot include it. Apply without all-or-nothing, or narrow the selection.");
                }
            }
        }
    }

    private static DatabaseUnavailableException unavailable(String what, SQLException e) {
        // Not a lost connection but a refusal that no retry fixes: say what to grant.
        String hint = "42501".equals(e.getSQLState()) ? ". The database user lacks a privilege the migrator needs:"
                + " CREATE on the database to create the target schema, USAGE and CREATE on the schema for the history"
                + " table and the families' tables, SELECT, INSERT and UPDATE on the history table. Grant it, or run as"
                + " the schema's owner" : "";
        return new DatabaseUnavailableException("PostgreSQL failed while " + what + ": " + e.getMessage()
                + " [SQLSTATE " + e.getSQLState() + "]" + hint, e);
    }

    /** One connection for a call, with the session settings it changes restored at the end. */
    private static final class Session implements AutoCloseable {

        private final Connection connection;
        /** The caller's session before the run changed anything; null until a migration is about to run. */
        private SessionState callerState;
        /** The session every migration starts from: the caller's, with the target schema as search path. */
        private SessionState migrationState;

        private Session(Connection connection) {
            this.connection = connection;
        }

        static Session open(DataSource dataSource) {
            try {
                Connection connection = dataSource.getConnection();
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                return new Session(connection);
            } catch (SQLException e) {
                throw new DatabaseUnavailableException("Cannot connect to PostgreSQL: " + e.getMessage() + detail(e)
                        + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]"), e);
            }
        }

        /**
         * What the driver's message leaves out: for an unknown host or a timeout it says only "The
         * connection attempt failed.", the host being in its cause.
         */
        private static String detail(SQLException e) {
            Throwable cause = e.getCause();
            if (cause == null || cause.getMessage() == null || String.valueOf(e.getMessage()).contains(cause.getMessage())) {
                return "";
            }
            return " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }

        Connection connection() {
            return connection;
        }

        /** Scripts never name a schema: the target schema comes first (and alone) in the search path. */
        void setSearchPath(String schema) throws SQLException {
            if (callerState == null) {
                callerState = SessionState.capture(connection);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET search_path TO " + Identifiers.quote(schema));
            }
            migrationState = null;
        }

        /** The state each migration starts from, taken when the first one starts. */
        SessionState migrationState() throws SQLException {
            if (migrationState == null) {
                migrationState = SessionState.capture(connection);
            }
            return migrationState;
        }

        /** Runs {@code statements} (a reset of the session), ignoring a failure: the run's own error is the one to report. */
        void restoreQuietly(List<String> statements) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } catch (SQLException ignored) {
                // Reported by the next statement on this connection, if it matters.
            }
        }

        /**
         * Bounds every later statement's wait for a table lock (outside all-or-nothing mode, no rollback
         * undoes it). Set after the caller's state was taken and before the first migration's, so each
         * migration starts with it and the caller gets its own value back at the end.
         */
        void setLockTimeout(Duration timeout) throws SQLException {
            TableLocks.limit(connection, timeout);
        }

        void rollbackQuietly() {
            try {
                if (!connection.isClosed() && !connection.getAutoCommit()) {
                    connection.rollback();
                }
            } catch (SQLException ignored) {
                // The connection is gone; the server rolled back.
            }
        }

        @Override
        public void close() {
            try {
                if (connection.isClosed()) {
                    return;
                }
                rollbackQuietly();
                connection.setAutoCommit(true);
                if (callerState != null) {
                    // The connection may go back to a pool: the caller's settings, user and role, not the last script's.
                    restoreQuietly(callerState.settings());
                }
            } catch (SQLException ignored) {
                // Restoring settings of a connection we are closing (or returning to a pool) is best effort.
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // Nothing more to do.
                }
            }
        }
    }
}
