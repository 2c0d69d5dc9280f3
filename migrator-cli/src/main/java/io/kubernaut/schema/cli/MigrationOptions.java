package io.kubernaut.schema.cli;

import io.kubernaut.schema.migrator.AheadPolicy;
import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.UnknownSelectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** What to migrate and how: the options behind {@link MigrationConfig}. */
final class MigrationOptions {

    @Option(names = "--schema", paramLabel = "SCHEMA", defaultValue = Defaults.SCHEMA,
            description = "Target schema, created if absent (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--tables", paramLabel = "TABLE", split = ",",
            description = "Only the families owning these tables (and the families they require).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--families", paramLabel = "FAMILY", split = ",",
            description = "Only these families (and the families they require).")
    List<String> families = new ArrayList<>();

    @Option(names = "--all-or-nothing", description = "Apply everything in one transaction: all migrations or none.")
    boolean allOrNothing;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = Defaults.LOCK_WAIT_SECONDS_TEXT,
            description = "How long to wait for another migrator's lock on the schema (the advisory lock that serializes"
                    + " migrators; not --lock-timeout, which bounds waits for table locks) (default: ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = Defaults.LOCK_TIMEOUT_TEXT, description = "How long each migration statement may wait for a"
                    + " table lock held by the application (PostgreSQL's lock_timeout), so the application's queries never"
                    + " queue behind the migrator longer than that (500ms, 5s, ...; 0: no limit). Not --lock-wait, which"
                    + " is for another migrator. Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Option(names = "--lock-retries", paramLabel = "N", defaultValue = Defaults.LOCK_RETRIES_TEXT,
            description = "How often a transactional migration that hit --lock-timeout is rolled back and run again,"
                    + " after a pause of 0.5 s doubling up to 10 s; non-transactional ones are not retried. Default:"
                    + " ${DEFAULT-VALUE}.")
    int lockRetries;

    @Option(names = "--out-of-order", description = "Accept a gap in the history (a version not applied below an"
            + " applied one, by default refused): run the missing versions after the later ones, with a warning and a"
            + " note in the history.")
    boolean outOfOrder;

    @Option(names = "--allow-ahead", description = "Accept a database that has migrations newer than a family's"
            + " artifact (by default refused).")
    boolean allowAhead;

    @Option(names = "--baseline-version", paramLabel = "N", description = "For a family whose tables exist without"
            + " history and match none of its versions' snapshots: record its migrations up to N as a baseline, without"
            + " running them, and run only the later ones. Check the schema first (verify); select the family with"
            + " --families when several have tables.")
    Integer baselineVersion;

    /**
     * Fails on a table or family name no family provides, as the migrator would, but before a
     * database is opened: a typo should not first cost an embedded PostgreSQL's start-up.
     *
     * @throws UnknownSelectionException naming the unknown names and what is available
     */
    void checkSelection(SchemaCatalog catalog) {
        Set<String> unknown = new TreeSet<>();
        tables.stream().filter(t -> !catalog.tableOwners().containsKey(t) && catalog.family(t).isEmpty())
                .forEach(unknown::add);
        families.stream().filter(f -> catalog.family(f).isEmpty()).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new UnknownSelectionException(unknown, catalog.tableOwners().keySet(), catalog.familyNames());
        }
    }

    /** The configuration; throws {@link io.kubernaut.schema.migrator.ConfigurationException} for invalid values. */
    MigrationConfig config() {
        return MigrationConfig.builder()
                .schema(schema)
                .tables(tables)
                .families(families)
                .allOrNothing(allOrNothing)
                .lockWait(Duration.ofSeconds(lockWaitSeconds))
                .aheadPolicy(allowAhead ? AheadPolicy.ALLOW : AheadPolicy.REFUSE)
                .baselineVersion(baselineVersion)
                .lockTimeout(lockTimeout)
                .lockRetries(lockRetries)
                .outOfOrder(outOfOrder)
                .build();
    }
}
