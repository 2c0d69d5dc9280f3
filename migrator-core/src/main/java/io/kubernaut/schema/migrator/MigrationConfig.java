package io.kubernaut.schema.migrator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to migrate and how: immutable; build one with {@link #builder()} or derive one with the
 * {@code withX} methods. Defaults are in {@link Defaults}.
 *
 * <pre>
 * MigrationConfig config = MigrationConfig.builder()
 *         .schema("public")
 *         .tables("audit_events")   // Gateway only needs this
 *         .build();
 * </pre>
 *
 * @since 0.1.0
 */
public final class MigrationConfig {

    private final String schema;
    private final Set<String> tables;
    private final Set<String> families;
    private final boolean allOrNothing;
    private final Duration lockWait;
    private final AheadPolicy aheadPolicy;
    private final int baselineVersion;
    private final Duration lockTimeout;
    private final int lockRetries;
    private final boolean outOfOrder;

    private MigrationConfig(Builder builder) {
        this.schema = validSchema(builder.schema);
        this.tables = Collections.unmodifiableSet(new TreeSet<>(builder.tables));
        this.families = Collections.unmodifiableSet(new TreeSet<>(builder.families));
        this.allOrNothing = builder.allOrNothing;
        this.lockWait = builder.lockWait;
        this.aheadPolicy = builder.aheadPolicy;
        this.baselineVersion = builder.baselineVersion;
        this.lockTimeout = builder.lockTimeout;
        this.lockRetries = builder.lockRetries;
        this.outOfOrder = builder.outOfOrder;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: every family on the classpath, schema {@code public}. */
    public static MigrationConfig defaults() {
        return builder().build();
    }

    /** The schema the families are applied to; created if absent. Default {@code public}. */
    public String schema() {
        return schema;
    }

    /**
     * Tables to apply, each selecting the family that owns it (with the families it requires).
     * Empty, together with {@link #families()}, means every family on the classpath.
     */
    public Set<String> tables() {
        return tables;
    }

    /** Families to apply (with the families they require); see {@link #tables()}. */
    public Set<String> families() {
        return families;
    }

    /** Whether the whole run is one transaction: either every migration is applied or none. */
    public boolean allOrNothing() {
        return allOrNothing;
    }

    /** How long to wait for another migrator holding the schema's lock. */
    public Duration lockWait() {
        return lockWait;
    }

    /** What to do when the database is ahead of an artifact. */
    public AheadPolicy aheadPolicy() {
        return aheadPolicy;
    }

    /**
     * The version to record, as a baseline, for a family whose tables exist without history when its
     * schema matches none of its versions' snapshots (or to overrule the version they match): its
     * migrations up to this version are recorded as {@code baseline} without running, later ones run.
     * Families with history, or without tables, are not affected. Empty by default: such a family is
     * then placed by its snapshots, or refused.
     */
    public OptionalInt baselineVersion() {
        return baselineVersion == 0 ? OptionalInt.empty() : OptionalInt.of(baselineVersion);
    }

    /**
     * How long each migration statement may wait for a table lock (PostgreSQL's {@code lock_timeout})
     * before it fails, so application queries queued behind it wait no longer than that. Distinct from
     * {@link #lockWait()}, the wait for another migrator. {@link Duration#ZERO} means no limit.
     * Default {@value Defaults#LOCK_TIMEOUT_TEXT}.
     */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /**
     * How many times a transactional migration that failed on {@link #lockTimeout()} is run again
     * (its transaction rolled back entirely), with a growing pause between attempts. A
     * non-transactional migration, and any migration in all-or-nothing mode, is not retried.
     * Default {@value Defaults#LOCK_RETRIES}.
     */
    public int lockRetries() {
        return lockRetries;
    }

    /**
     * Whether a gap in the history (a version not applied below an applied one) is accepted: the
     * missing versions then run after the later ones, said in the output and recorded in the history's
     * note. Default false: a gap is a conflict.
     */
    public boolean outOfOrder() {
        return outOfOrder;
    }

    /** True when neither tables nor families narrow the selection. */
    public boolean selectsEverything() {
        return tables.isEmpty() && families.isEmpty();
    }

    public MigrationConfig withSchema(String schema) {
        return toBuilder().schema(schema).build();
    }

    public MigrationConfig withTables(Collection<String> tables) {
        return toBuilder().tables(tables).build();
    }

    public MigrationConfig withFamilies(Collection<String> families) {
        return toBuilder().families(families).build();
    }

    public MigrationConfig withAllOrNothing(boolean allOrNothing) {
        return toBuilder().allOrNothing(allOrNothing).build();
    }

    public MigrationConfig withLockWait(Duration lockWait) {
        return toBuilder().lockWait(lockWait).build();
    }

    public MigrationConfig withAheadPolicy(AheadPolicy aheadPolicy) {
        return toBuilder().aheadPolicy(aheadPolicy).build();
    }

    /** A copy with {@link #baselineVersion()} set to {@code version}, or cleared when null. */
    public MigrationConfig withBaselineVersion(Integer version) {
        return toBuilder().baselineVersion(version).build();
    }

    public MigrationConfig withLockTimeout(Duration lockTimeout) {
        return toBuilder().lockTimeout(lockTimeout).build();
    }

    public MigrationConfig withLockRetries(int lockRetries) {
        return toBuilder().lockRetries(lockRetries).build();
    }

    public MigrationConfig withOutOfOrder(boolean outOfOrder) {
        return toBuilder().outOfOrder(outOfOrder).build();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().schema(schema).tables(tables).families(families).allOrNothing(allOrNothing)
                .lockWait(lockWait).aheadPolicy(aheadPolicy).lockTimeout(lockTimeout).lockRetries(lockRetries)
                .outOfOrder(outOfOrder).baselineVersion(baselineVersion == 0 ? null : baselineVersion);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MigrationConfig that && schema.equals(that.schema) && tables.equals(that.tables)
                && families.equals(that.families) && allOrNothing == that.allOrNothing
                && lockWait.equals(that.lockWait) && aheadPolicy == that.aheadPolicy
                && lockTimeout.equals(that.lockTimeout) && lockRetries == that.lockRetries && outOfOrder == that.outOfOrder
                && baselineVersion == that.baselineVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, tables, families, allOrNothing, lockWait, aheadPolicy, lockTimeout, lockRetries,
                outOfOrder, baselineVersion);
    }

    @Override
    public String toString() {
        return "MigrationConfig[schema=" + schema + ", tables=" + tables + ", families=" + families
                + ", allOrNothing=" + allOrNothing + ", lockWait=" + lockWait + ", aheadPolicy=" + aheadPolicy
                + ", lockTimeout=" + lockTimeout + ", lockRetries=" + lockRetries + ", outOfOrder=" + outOfOrder
                + (baselineVersion == 0 ? "" : ", baselineVersion=" + baselineVersion) + "]";
    }

    private static String validSchema(String schema) {
        if (schema == null || schema.isEmpty()) {
            throw new ConfigurationException("The target schema must not be empty");
        }
        if (schema.indexOf('\0') >= 0) {
            throw new ConfigurationException("The target schema name must not contain a NUL character");
        }
        // PostgreSQL silently truncates longer identifiers, so two long names could end up the same schema.
        if (schema.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new ConfigurationException("The target schema name '" + schema
                    + "' is longer than PostgreSQL's 63-byte identifier limit");
        }
        return schema;
    }

    /** Collects the values of a {@link MigrationConfig}; every method returns this builder. */
    public static final class Builder {

        private String schema = Defaults.SCHEMA;
        private Set<String> tables = Set.of();
        private Set<String> families = Set.of();
        private boolean allOrNothing;
        private Duration lockWait = Duration.ofSeconds(Defaults.LOCK_WAIT_SECONDS);
        private AheadPolicy aheadPolicy = AheadPolicy.REFUSE;
        private int baselineVersion;
        private Duration lockTimeout = Duration.ofSeconds(Defaults.LOCK_TIMEOUT_SECONDS);
        private int lockRetries = Defaults.LOCK_RETRIES;
        private boolean outOfOrder;

        private Builder() {
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder tables(String... tables) {
            return tables(Arrays.asList(tables));
        }

        public Builder tables(Collection<String> tables) {
            this.tables = names(tables, "tables");
            return this;
        }

        public Builder families(String... families) {
            return families(Arrays.asList(families));
        }

        public Builder families(Collection<String> families) {
            this.families = names(families, "families");
            return this;
        }

        public Builder allOrNothing(boolean allOrNothing) {
            this.allOrNothing = allOrNothing;
            return this;
        }

        public Builder lockWait(Duration lockWait) {
            Objects.requireNonNull(lockWait, "lockWait");
            if (lockWait.isNegative()) {
                throw new ConfigurationException("The lock wait must not be negative, was " + lockWait);
            }
            this.lockWait = lockWait;
            return this;
        }

        public Builder aheadPolicy(AheadPolicy aheadPolicy) {
            this.aheadPolicy = Objects.requireNonNull(aheadPolicy, "aheadPolicy");
            return this;
        }

        /** See {@link MigrationConfig#baselineVersion()}; null for none. */
        public Builder baselineVersion(Integer version) {
            if (version != null && version < 1) {
                throw new ConfigurationException("The baseline version must be a migration version, 1 or more, was "
                        + version);
            }
            this.baselineVersion = version == null ? 0 : version;
            return this;
        }

        /**
         * @param lockTimeout zero (no limit) or from 1 ms to PostgreSQL's largest {@code lock_timeout}
         *                    (2,147,483,647 ms, about 24 days)
         */
        public Builder lockTimeout(Duration lockTimeout) {
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            if (lockTimeout.isNegative() || lockTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0
                    || (!lockTimeout.isZero() && lockTimeout.toMillis() == 0)) {
                throw new ConfigurationException("The lock timeout must be 0 (no limit) or between 1 ms and "
                        + Integer.MAX_VALUE + " ms (PostgreSQL's lock_timeout), was " + lockTimeout);
            }
            this.lockTimeout = lockTimeout;
            return this;
        }

        /** @param lockRetries zero or more */
        public Builder lockRetries(int lockRetries) {
            if (lockRetries < 0) {
                throw new ConfigurationException("The lock retries must not be negative, was " + lockRetries);
            }
            this.lockRetries = lockRetries;
            return this;
        }

        public Builder outOfOrder(boolean outOfOrder) {
            this.outOfOrder = outOfOrder;
            return this;
        }

        /** The configuration; throws {@link ConfigurationException} when a value is invalid. */
        public MigrationConfig build() {
            return new MigrationConfig(this);
        }

        private static Set<String> names(Collection<String> names, String what) {
            Objects.requireNonNull(names, what);
            Set<String> result = new TreeSet<>();
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new ConfigurationException("The " + what + " to apply contain an empty name");
                }
                result.add(name.trim());
            }
            return result;
        }
    }
}
