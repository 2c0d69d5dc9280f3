package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Checks that upgrading a database from a family's previous version yields exactly the schema a fresh
 * install of the new version yields: one database gets the previous version's migrations, then the
 * new version's; another gets the new version's alone; their {@link SchemaSnapshot}s of what the family
 * owns (every object its migrations create, as {@code verify} compares them: tables, partitions, views,
 * functions, types, ...) must be equal, and each difference is the {@link Drift} verify would report on
 * the upgraded database.
 *
 * <p>The migrations the previous version released must be in the new version unchanged (same version,
 * same checksum): a database at the previous version refuses the upgrade otherwise (changed checksum,
 * or a database ahead of the artifact). Such a release is reported, and the upgrade is then simulated
 * as a database would see it if the refusal were overridden: the previous version's migrations stay
 * applied and only the new version's later ones run. The schema differences that remain are what the
 * edit silently fails to do on upgraded databases (a typical case: a column added by editing V1 exists
 * only in fresh installs).
 *
 * <p>Both databases get the families this one requires first, the same ones in both.
 */
final class UpgradePath {

    /** The schema both databases are built in: not {@code public}, so scripts that assume it fail here too. */
    static final String SCHEMA = "schema_registry_compat";

    private UpgradePath() {
    }

    /**
     * Runs the check.
     *
     * @param previous the family's previous version
     * @param next     its new version
     * @param others   families that may be required (by either version); others are ignored
     * @param upgraded an empty database for the upgrade
     * @param fresh    an empty database for the fresh install
     * @throws SQLException when a snapshot cannot be taken
     */
    static UpgradePathResult check(SchemaModule previous, SchemaModule next, Collection<? extends SchemaModule> others,
            DataSource upgraded, DataSource fresh) throws SQLException {
        if (!Objects.requireNonNull(previous, "previous").name().equals(Objects.requireNonNull(next, "next").name())) {
            throw new ConfigurationException("Cannot compare family '" + previous.name() + "' with family '"
                    + next.name() + "'");
        }
        List<String> problems = new ArrayList<>(releasedMigrationProblems(previous, next));
        List<SchemaModule> required = others.stream().filter(m -> !m.name().equals(next.name()))
                .collect(Collectors.toList());
        SchemaModule upgrade = problems.isEmpty() ? next : new AsUpgraded(previous, next);
        // The required families first, so what the family itself creates is what comes after them.
        Set<String> requires = new TreeSet<>(previous.requires());
        requires.addAll(next.requires());
        if (!requires.isEmpty() && (!applyRequired(required, requires, upgraded, problems)
                || !applyRequired(required, requires, fresh, problems))) {
            return new UpgradePathResult(problems, List.of());
        }
        SchemaObjects beforeUpgraded = objects(upgraded);
        SchemaObjects beforeFresh = objects(fresh);
        if (!apply(previous, required, upgraded, "installing " + version(previous), problems)
                || !apply(upgrade, required, upgraded, "upgrading " + version(previous) + " to " + version(next), problems)
                || !apply(next, required, fresh, "installing " + version(next) + " afresh", problems)) {
            return new UpgradePathResult(problems, List.of());
        }
        Set<String> grantees = new TreeSet<>();
        for (SchemaModule family : List.of(previous, next)) {
            family.migrations().forEach(m -> grantees.addAll(SchemaObjects.granteesIn(family.readScript(m))));
        }
        SchemaObjects owned = objects(fresh).minus(beforeFresh).plus(objects(upgraded).minus(beforeUpgraded))
                .withGrantees(grantees);
        SchemaSnapshot freshSnapshot;
        SchemaSnapshot upgradedSnapshot;
        try (Connection connection = fresh.getConnection()) {
            freshSnapshot = SchemaSnapshot.take(connection, SCHEMA, owned);
        }
        try (Connection connection = upgraded.getConnection()) {
            upgradedSnapshot = SchemaSnapshot.take(connection, SCHEMA, owned);
        }
        return new UpgradePathResult(problems, freshSnapshot.drift(upgradedSnapshot));
    }

    private static SchemaObjects objects(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return SchemaObjects.inSchema(connection, SCHEMA);
        }
    }

    private static boolean applyRequired(List<SchemaModule> required, Set<String> names, DataSource dataSource,
            List<String> problems) {
        List<String> present = required.stream().map(SchemaModule::name).filter(names::contains).toList();
        if (present.isEmpty()) {
            return true; // missing ones are reported when the family is applied
        }
        try {
            Migrator.using(dataSource).withCatalog(SchemaCatalog.of(required)).withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().schema(SCHEMA).families(present.toArray(String[]::new)).build())
                    .apply();
            return true;
        } catch (SchemaRegistryException e) {
            problems.add("installing the required families " + present + " failed: " + e.getMessage());
            return false;
        }
    }

    /** The released migrations of {@code previous} that {@code next} lacks or changed. */
    static List<String> releasedMigrationProblems(SchemaModule previous, SchemaModule next) {
        Map<Integer, Migration> nextByVersion = next.migrations().stream()
                .collect(Collectors.toMap(Migration::version, Function.identity()));
        List<String> problems = new ArrayList<>();
        for (Migration released : previous.migrations()) {
            Migration now = nextByVersion.get(released.version());
            if (now == null) {
                problems.add("V" + released.version() + " (" + released.script() + ") of " + version(previous)
                        + " is missing from " + version(next) + ": a database at " + previous.artifactVersion()
                        + " is ahead of it and refuses it; released migrations stay");
            } else if (!now.checksum().equals(released.checksum())) {
                problems.add("V" + released.version() + " (" + now.script() + ") was changed after " + version(previous)
                        + " was released (checksum " + shortened(released.checksum()) + " became " + shortened(now.checksum())
                        + "): a database at " + previous.artifactVersion() + " refuses the upgrade; put the change in a"
                        + " new migration");
            }
        }
        return problems;
    }

    private static boolean apply(SchemaModule family, List<SchemaModule> required, DataSource dataSource, String what,
            List<String> problems) {
        List<SchemaModule> modules = new ArrayList<>(required);
        modules.add(family);
        try {
            Migrator.using(dataSource).withCatalog(SchemaCatalog.of(modules)).withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().schema(SCHEMA).families(family.name()).build())
                    .apply();
            return true;
        } catch (SchemaRegistryException e) {
            problems.add(what + " failed: " + e.getMessage());
            return false;
        }
    }

    private static String version(SchemaModule family) {
        return "'" + family.name() + "' " + family.artifactVersion();
    }

    private static String shortened(String checksum) {
        return checksum.length() > 12 ? checksum.substring(0, 12) + "…" : checksum;
    }

    /**
     * The new version as a database at the previous version sees it when its history is kept: the
     * previous version's migrations (already applied), then the new version's later ones.
     */
    private static final class AsUpgraded implements SchemaModule {

        private final SchemaModule previous;
        private final SchemaModule next;
        private final List<Migration> migrations;

        AsUpgraded(SchemaModule previous, SchemaModule next) {
            this.previous = previous;
            this.next = next;
            int released = previous.migrations().size();
            List<Migration> migrations = new ArrayList<>(previous.migrations());
            next.migrations().stream().filter(m -> m.version() > released).forEach(migrations::add);
            this.migrations = List.copyOf(migrations);
        }

        @Override
        public String name() {
            return next.name();
        }

        @Override
        public String artifact() {
            return next.artifact();
        }

        @Override
        public String artifactVersion() {
            return next.artifactVersion();
        }

        @Override
        public Set<String> tables() {
            return next.tables();
        }

        @Override
        public Set<String> requires() {
            return next.requires();
        }

        @Override
        public List<Migration> migrations() {
            return migrations;
        }

        @Override
        public String readScript(Migration migration) {
            return migration.version() <= previous.migrations().size() ? previous.readScript(migration)
                    : next.readScript(migration);
        }

        @Override
        public String location() {
            return next.location();
        }
    }
}
