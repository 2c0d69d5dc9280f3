package io.kubernaut.schema.migrator;

import io.kubernaut.schema.migrator.internal.AdvisoryLock;
import io.kubernaut.schema.migrator.internal.ChecksumRepair;
import io.kubernaut.schema.migrator.internal.MigrationEngine;
import io.kubernaut.schema.migrator.listeners.MigrationListeners;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies table families to a PostgreSQL database. Immutable; the {@code withX} methods return
 * copies, so one instance can be shared.
 *
 * <pre>
 * ApplyResult result = Migrator.using(dataSource)
 *         .withConfig(MigrationConfig.builder().tables("audit_events").build())
 *         .apply();
 * </pre>
 *
 * <p>By default the families are those on the thread's context class loader
 * ({@link SchemaCatalog#discover()}) and progress goes to SLF4J ({@link MigrationListeners#logging()}).
 * Every verb opens one connection from the data source for its duration and restores the session
 * settings it changes before giving it back.
 *
 * @since 0.1.0
 */
public final class Migrator {

    private final DataSource dataSource;
    /** How long {@link #using(String, String, String)} waits for a server to answer the login. */
    private static final int LOGIN_TIMEOUT_SECONDS = 10;

    private final MigrationConfig config;
    private final SchemaCatalog catalog;
    private final MigrationListener listener;

    private Migrator(DataSource dataSource, MigrationConfig config, SchemaCatalog catalog, MigrationListener listener) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = catalog;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A migrator for the database behind {@code dataSource}, with the default configuration. */
    public static Migrator using(DataSource dataSource) {
        return new Migrator(dataSource, MigrationConfig.defaults(), null, MigrationListeners.logging());
    }

    /**
     * A migrator for the database at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/database}).
     * Logging in waits at most 10 s (pgjdbc's {@code loginTimeout}), so a server that accepts
     * connections but never answers fails with {@link DatabaseUnavailableException} instead of hanging;
     * a {@code loginTimeout} in the URL wins.
     *
     * @param user     the user, or null for the URL's or the driver's default
     * @param password the password, or null; it is given to the driver only and never shown
     */
    public static Migrator using(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        dataSource.setApplicationName("schema-migrator");
        Properties inUrl = org.postgresql.Driver.parseURL(jdbcUrl, null);
        if (inUrl == null || !inUrl.containsKey("loginTimeout")) {
            dataSource.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        }
        return using(dataSource);
    }

    /** A copy with {@code config}. */
    public Migrator withConfig(MigrationConfig config) {
        return new Migrator(dataSource, config, catalog, listener);
    }

    /** A copy that applies the families of {@code catalog} instead of those on the context class loader. */
    public Migrator withCatalog(SchemaCatalog catalog) {
        return new Migrator(dataSource, config, Objects.requireNonNull(catalog, "catalog"), listener);
    }

    /** A copy reporting to {@code listener}. */
    public Migrator withListener(MigrationListener listener) {
        return new Migrator(dataSource, config, catalog, listener);
    }

    /** A copy printing progress for humans to {@code out}. */
    public Migrator withOutput(PrintStream out) {
        Objects.requireNonNull(out, "out");
        // Text goes to the stream as text, so it is encoded in the stream's own charset.
        Writer text = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                out.print(new String(chars, offset, length));
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                // The caller's stream stays open.
            }
        };
        return withListener(MigrationListeners.printingTo(new PrintWriter(text)));
    }

    /**
     * The key of the PostgreSQL advisory lock (a {@code bigint}, {@code pg_advisory_lock(key)}) that
     * migrators hold on a database while they work on {@code schema}. It is the same in every process
     * and version, so a session that holds it keeps every migrator of that schema waiting (for tests,
     * or an operator's maintenance window), and {@code pg_locks} shows who holds it.
     *
     * @param schema the target schema; not null
     * @since 0.1.0
     */
    public static long lockKey(String schema) {
        return AdvisoryLock.keyOf(Objects.requireNonNull(schema, "schema"));
    }

    /** The configuration. */
    public MigrationConfig config() {
        return config;
    }

    /**
     * Applies every pending migration of the selected families, families in dependency order,
     * migrations in version order, under the schema's advisory lock.
     *
     * <p>A family whose tables exist without history (a database made by goose, Flyway or copied SQL) is
     * first recorded at the version its schema matches, as {@link #adopt()} does, without running any of
     * its scripts; only its later migrations run. A schema matching none of its versions is refused.
     *
     * @throws ConfigurationException       when the selection or a family is invalid (nothing applied)
     * @throws ConflictException            on a checksum change, a duplicate family, a database ahead, or existing
     *                                      tables that match no version of their family (nothing applied)
     * @throws MigrationFailedException     when a migration fails (it was rolled back; nothing after it ran)
     * @throws LockTimeoutException         when another migrator kept the lock past the wait
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached or the connection is lost
     */
    public ApplyResult apply() {
        return engine().apply();
    }

    /**
     * Records the selected families whose tables exist without history at the version they are at,
     * without running any script: the live schema is compared with the snapshot of each version in the
     * family's artifact and the highest version it equals is recorded as {@code adopted} (with
     * {@link MigrationConfig#baselineVersion()}, that version as {@code baseline}). {@link #apply()} does
     * the same before it runs the later migrations; this records only.
     *
     * @throws ConflictException when a family's schema matches none of its versions (the differences
     *                           against the nearest are in the conflict); nothing is recorded
     * @since 0.1.0
     */
    public AdoptionReport adopt() {
        return engine().adopt(null);
    }

    /**
     * Imports {@code source}'s history (goose's {@code goose_db_version}, Flyway's
     * {@code flyway_schema_history}, in the target schema) as the history of the one selected family
     * ({@link MigrationConfig#families()} names it when several are selected), after checking that the
     * live schema equals the snapshot of the version it names. Rows are recorded as {@code imported}
     * with the other tool's times; the other tool's table is only read. A family that already has
     * history is left as it is.
     *
     * @throws ConflictException      when the other history has gaps or unknown versions, or the schema
     *                                differs from its version's snapshot; nothing is recorded
     * @throws ConfigurationException when several families are selected and none is named
     * @since 0.1.0
     */
    public AdoptionReport adopt(ForeignHistory source) {
        return engine().adopt(Objects.requireNonNull(source, "source"));
    }

    /** What {@link #apply()} would run now; changes nothing. Throws as {@link #apply()} would refuse. */
    public Plan plan() {
        return engine().plan();
    }

    /** Each selected family's state in the target schema; changes nothing, never refuses. */
    public StatusReport status() {
        return engine().status();
    }

    /** Every conflict that would make {@link #apply()} refuse; changes nothing. */
    public ValidationResult validate() {
        return engine().validate();
    }

    /**
     * Compares each selected family's tables in the target schema with the schema snapshot its
     * artifact ships (tables, columns with type, nullability, default and identity, constraints,
     * indexes, triggers), and reports every difference. Changes nothing and takes no lock: it reads
     * the history and the catalog in one read-only transaction.
     *
     * <p>The snapshot describes the artifact's latest migration, so only families whose history says
     * they are at exactly that version are compared. A family with pending migrations is reported as
     * {@link DriftState#PENDING} (its pending migrations are not drift: apply, then verify); one the
     * database is ahead of as {@link DriftState#AHEAD}; one never applied as
     * {@link DriftState#NOT_INSTALLED}, unless its tables exist: then they are compared with the snapshot
     * of each of its versions, {@link DriftState#UNRECORDED} at the version they match (what
     * {@link #apply()} would record), else {@link DriftState#DRIFTED} against the nearest version; one whose
     * artifact has no snapshot as
     * {@link DriftState#NOT_VERIFIABLE}. None of these count as drift; {@link DriftReport#allVerified()}
     * tells whether every family was compared and matched.
     *
     * @throws ConfigurationException       when the selection is invalid or a family's snapshot is unreadable
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached
     * @since 0.1.0
     */
    public DriftReport verify() {
        return engine().verify();
    }

    /**
     * Accepts a deliberate change of an applied migration's script: the history row of
     * {@code family} V{@code version} takes the artifact's checksum, its kind becomes
     * {@code repaired} and its note records the previous checksum, who (database and operating-system
     * user), when and {@code reason}. Who installed the row and when stay as they were. Runs under the
     * schema's advisory lock; runs no SQL of the family. A later {@link #apply()} no longer refuses
     * the changed script; the changed script itself is not run again.
     *
     * @param reason why the script was changed; required (not blank)
     * @return what was done; {@link RepairResult#repaired()} is false when the checksums already agreed
     * @throws ConfigurationException       without a reason, for an unknown family or version, or a
     *                                      migration that was never applied or whose last attempt failed
     * @throws LockTimeoutException         when another migrator kept the lock past the wait
     * @throws DatabaseUnavailableException when PostgreSQL cannot be reached
     * @since 0.1.0
     */
    public RepairResult repair(String family, int version, String reason) {
        return new ChecksumRepair(dataSource, catalog != null ? catalog : SchemaCatalog.discover(), config, listener)
                .repair(Objects.requireNonNull(family, "family"), version, reason);
    }

    private MigrationEngine engine() {
        return new MigrationEngine(dataSource, catalog != null ? catalog : SchemaCatalog.discover(), config, listener);
    }
}
