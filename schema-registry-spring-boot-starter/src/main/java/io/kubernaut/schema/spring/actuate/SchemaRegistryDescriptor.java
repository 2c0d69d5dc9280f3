package io.kubernaut.schema.spring.actuate;

import io.kubernaut.schema.migrator.Adoption;
import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.DriftReport;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.FamilyDrift;
import io.kubernaut.schema.migrator.FamilyStatus;
import io.kubernaut.schema.migrator.StatusReport;
import java.util.List;
import java.util.Optional;

/**
 * What {@code /actuator/schemaregistry} shows: per family its versions, applied and pending migrations,
 * and whether its tables match the snapshot in its jar; and what the start-up applied.
 *
 * @param schema        the target schema
 * @param off           why the starter applied nothing (Flyway owns the schema), or null
 * @param verifyOnStart {@code NONE}, {@code WARN} or {@code FAIL}
 * @param drift         whether any family's tables differ from its snapshot
 * @param startup       what the start-up applied, or null when it applied nothing
 * @param families      one entry per selected family, in dependency order
 * @since 0.1.0
 */
public record SchemaRegistryDescriptor(String schema, String off, String verifyOnStart, boolean drift, Startup startup,
        List<Family> families) {

    static SchemaRegistryDescriptor of(String off, String verifyOnStart, Optional<ApplyResult> result, StatusReport status,
            DriftReport drift) {
        List<Family> families = status.families().stream()
                .map(family -> Family.of(family, drift.family(family.name()).orElse(null)))
                .toList();
        return new SchemaRegistryDescriptor(status.schema(), off, verifyOnStart, drift.hasDrift(),
                result.map(Startup::of).orElse(null), families);
    }

    /**
     * One family.
     *
     * @param name            the family
     * @param artifactVersion the version of its artifact on the class path
     * @param state           {@code UP_TO_DATE}, {@code PENDING}, {@code AHEAD}, ... (see {@code FamilyState})
     * @param applied         versions applied
     * @param pending         versions not applied yet
     * @param ahead           versions the database has and the artifact does not
     * @param driftState      {@code MATCHES}, {@code DRIFTED}, {@code PENDING}, ... (see {@code DriftState})
     * @param differences     each difference from the snapshot, described
     */
    public record Family(String name, String artifactVersion, String state, List<Integer> applied, List<Integer> pending,
            List<Integer> ahead, String driftState, List<String> differences) {

        static Family of(FamilyStatus status, FamilyDrift drift) {
            return new Family(status.name(), status.artifactVersion(), status.state().name(), status.applied(),
                    status.pending(), status.ahead(), drift == null ? null : drift.state().name(),
                    drift == null ? List.of() : drift.differences().stream().map(Drift::describe).toList());
        }
    }

    /**
     * What the application's start-up applied.
     *
     * @param applied        the migrations it applied, in order
     * @param adopted        families whose existing tables it recorded at a version without running their
     *                       scripts, described (e.g. {@code alerting adopted at V17: ...})
     * @param alreadyApplied how many were applied before
     * @param durationMs     how long the run took
     */
    public record Startup(List<Migration> applied, List<String> adopted, int alreadyApplied, long durationMs) {

        static Startup of(ApplyResult result) {
            return new Startup(result.applied().stream().map(Migration::of).toList(),
                    result.adoptions().stream().map(Adoption::describe).toList(), result.alreadyApplied(),
                    result.duration().toMillis());
        }
    }

    /**
     * One applied migration.
     *
     * @param family      its family
     * @param version     its version
     * @param description its description
     * @param durationMs  how long it took
     */
    public record Migration(String family, int version, String description, long durationMs) {

        static Migration of(AppliedMigration applied) {
            return new Migration(applied.migration().family(), applied.migration().version(),
                    applied.migration().description(), applied.duration().toMillis());
        }
    }
}
