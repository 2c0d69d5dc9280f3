package io.kubernaut.schema.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AdoptionReport;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.Conflict;
import io.kubernaut.schema.migrator.ConflictException;
import io.kubernaut.schema.migrator.DependencyCycleException;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.LockHolder;
import io.kubernaut.schema.migrator.LockTimeoutException;
import io.kubernaut.schema.migrator.MigrationFailedException;
import io.kubernaut.schema.migrator.MissingFamilyException;
import io.kubernaut.schema.migrator.Plan;
import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.UnknownSelectionException;
import io.kubernaut.schema.migrator.ValidationResult;
import io.kubernaut.schema.migrator.lint.LintReport;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.resolver.FamilyResolutionException;
import io.kubernaut.schema.resolver.NoFamilyException;
import io.kubernaut.schema.resolver.RepositoryUnavailableException;
import io.kubernaut.schema.resolver.UnknownArtifactException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code --json} forms of the results. Records serialize as they are where they can (the status
 * report, planned migrations, conflicts); the rest gets a small view here, because the core's
 * results carry {@link java.time.Duration}s and text tables that are not a stable machine format.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** {@code value} as JSON on one line, or indented over several when {@code pretty}. */
    static String write(Object value, boolean pretty) {
        try {
            return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value)
                    : MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"time","level","event","message",...fields}} on one line. */
    static String event(Event event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("time", Instant.now().toString());
        node.put("level", event.level());
        node.put("event", event.name());
        node.put("message", event.message());
        event.fields().forEach((name, value) -> node.set(name, MAPPER.valueToTree(value)));
        return write(node, false);
    }

    static Object families(SchemaCatalog catalog) {
        return new FamiliesView(catalog.families().stream().map(FamilyView::of).toList());
    }

    static Object plan(Plan plan) {
        return new PlanView(plan.schema(), plan.families(), plan.pending().size(), plan.alreadyApplied(), plan.pending(),
                plan.adoptions().stream().map(AdoptionView::of).toList(), plan.warnings());
    }

    static Object apply(ApplyResult result) {
        return new ApplyView(result.schema(), result.families(), result.applied().size(), result.alreadyApplied(),
                result.applied().stream().map(AppliedView::of).toList(),
                result.adoptions().stream().map(AdoptionView::of).toList(), result.warnings(), result.duration().toMillis());
    }

    static Object adoption(AdoptionReport report) {
        return new AdoptionReportView(report.schema(), report.adoptions().stream().map(AdoptionView::of).toList(),
                report.alreadyRecorded(), report.withoutTables());
    }

    static Object validation(ValidationResult result) {
        return new ValidationView(result.schema(), result.valid(), result.conflicts().stream().map(Json::conflict).toList());
    }

    static Object drift(DriftReport report) {
        return new DriftView(report.schema(), report.hasDrift(), report.allVerified(), report.families().stream()
                .map(f -> new FamilyDriftView(f.name(), f.artifactVersion(), f.state().name(), f.summary(),
                        f.status().state().name(), f.status().applied(), f.status().pending(), f.status().ahead(),
                        f.snapshotVersion() == 0 ? null : f.snapshotVersion(),
                        f.differences().stream().map(d -> new DriftItemView(d.kind().name(), d.kind().object(), d.name(),
                                d.expected(), d.actual(), d.describe())).toList()))
                .toList());
    }

    /** A conflict's fields, with its kind as {@code type} and its sentence as {@code message}. */
    static Object lint(LintReport report) {
        return new LintView(report.sources().directory().toString(), report.sources().format().name().toLowerCase(Locale.ROOT),
                report.fixed(), report.clean(), report.changes(), report.findings(), report.summary());
    }

    static ObjectNode conflict(Conflict conflict) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", conflict.getClass().getSimpleName());
        node.setAll((ObjectNode) MAPPER.valueToTree(conflict));
        node.put("message", conflict.describe());
        return node;
    }

    /** {@code {"error": {"type", "exitCode", "message", ...data of the failure}}}. */
    static ObjectNode error(Throwable failure, ExitCode exitCode, String message) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("type", failure.getClass().getSimpleName());
        error.put("exitCode", exitCode.code());
        error.put("message", message);
        if (failure instanceof MigrationFailedException f) {
            error.put("family", f.family());
            error.put("version", f.version());
            error.put("script", f.script());
            error.put("line", f.line());
            error.put("sqlState", f.sqlState());
            error.put("serverMessage", f.serverMessage());
            error.put("statement", f.statement());
        } else if (failure instanceof ConflictException c) {
            error.putArray("conflicts").addAll(c.conflicts().stream().map(Json::conflict).toList());
        } else if (failure instanceof UnknownSelectionException u) {
            error.set("unknown", MAPPER.valueToTree(new TreeSet<>(u.unknown())));
            error.set("availableTables", MAPPER.valueToTree(new TreeSet<>(u.availableTables())));
            error.set("availableFamilies", MAPPER.valueToTree(new TreeSet<>(u.availableFamilies())));
        } else if (failure instanceof DependencyCycleException d) {
            error.set("cycle", MAPPER.valueToTree(d.cycle()));
        } else if (failure instanceof MissingFamilyException m) {
            error.put("family", m.family());
            error.put("missing", m.missing());
        } else if (failure instanceof LockTimeoutException l) {
            error.put("schema", l.schema());
            error.put("waitedMillis", l.waited().toMillis());
            l.holder().ifPresent(holder -> error.set("holder", MAPPER.valueToTree(HolderView.of(holder))));
        } else if (failure instanceof FamilyResolutionException r) {
            error.put("coordinates", r.coordinates());
            if (r instanceof UnknownArtifactException u) {
                error.set("repositories", MAPPER.valueToTree(u.repositories()));
            } else if (r instanceof RepositoryUnavailableException u) {
                error.put("repository", u.repository());
            } else if (r instanceof NoFamilyException n && n.jar() != null) {
                error.put("jar", n.jar().toString());
            }
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.set("error", error);
        return root;
    }

    record FamiliesView(List<FamilyView> families) {
    }

    record FamilyView(String name, String artifact, String artifactVersion, List<String> tables, List<String> requires,
            int migrationCount, List<Migration> migrations, String location) {

        static FamilyView of(SchemaModule module) {
            return new FamilyView(module.name(), module.artifact(), module.artifactVersion(),
                    List.copyOf(new TreeSet<>(module.tables())), List.copyOf(new TreeSet<>(module.requires())),
                    module.migrations().size(), module.migrations(), module.location());
        }
    }

    record PlanView(String schema, List<String> families, int pendingCount, int alreadyApplied,
            List<PlannedMigration> pending, List<AdoptionView> adoptions, List<String> warnings) {
    }

    /** A family recorded at a version without running its scripts; {@code kind} as in the history table. */
    record AdoptionView(String family, String schema, int version, String kind, String note, String message) {

        static AdoptionView of(Adoption adoption) {
            return new AdoptionView(adoption.family(), adoption.schema(), adoption.version(),
                    adoption.kind().name().toLowerCase(Locale.ROOT), adoption.note(), adoption.describe());
        }
    }

    record AdoptionReportView(String schema, List<AdoptionView> adoptions, List<String> alreadyRecorded,
            List<String> withoutTables) {
    }

    record ApplyView(String schema, List<String> families, int appliedCount, int alreadyApplied,
            List<AppliedView> applied, List<AdoptionView> adoptions, List<String> warnings, long durationMillis) {
    }

    record AppliedView(String family, int version, String description, String script, String artifactVersion,
            boolean transactional, long durationMillis) {

        static AppliedView of(AppliedMigration applied) {
            PlannedMigration m = applied.migration();
            return new AppliedView(m.family(), m.version(), m.description(), m.script(), m.artifactVersion(),
                    m.transactional(), applied.duration().toMillis());
        }
    }

    record ValidationView(String schema, boolean valid, List<ObjectNode> conflicts) {
    }

    record DriftView(String schema, boolean drift, boolean allVerified, List<FamilyDriftView> families) {
    }

    record FamilyDriftView(String name, String artifactVersion, String state, String summary, String historyState,
            List<Integer> applied, List<Integer> pending, List<Integer> ahead, Integer snapshotVersion,
            List<DriftItemView> differences) {
    }

    record DriftItemView(String kind, String object, String name, String expected, String actual, String message) {
    }

    record HolderView(int pid, String applicationName, String user, String clientAddress, String sessionStart,
            String state, String stateSince) {

        static HolderView of(LockHolder holder) {
            return new HolderView(holder.pid(), holder.applicationName(), holder.user(), holder.clientAddress(),
                    String.valueOf(holder.sessionStart()), holder.state(), String.valueOf(holder.stateSince()));
        }
    }

    /** What {@code lint} found and, with {@code --fix}, rewrote: the core's records as they are. */
    record LintView(String directory, String format, boolean fixed, boolean clean, List<LintReport.Change> changes,
            List<LintReport.Finding> findings, String summary) {
    }

    /** The connection details {@code up} prints. */
    record UpView(String jdbcUrl, String user, int port, String dataDirectory, boolean persistent, String psql,
            Object applied) {
    }
}
