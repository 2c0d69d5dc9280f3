package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Workload.Family;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.flywaydb.core.Flyway;

/**
 * The tools a comparison runs, each configured as its documentation recommends, each given the same
 * {@link DataSource} (a new physical connection per {@code getConnection()}, as every tool's own
 * set-up would open one) and the same script texts ({@link WorkloadFiles}).
 */
final class Tools {

    /** Every tool, in report order. */
    static final List<String> NAMES = List.of("jdbc", "migrator", "liquibase", "flyway", "flyway-per-family");

    /** Liquibase logs through java.util.logging; kept here so the level is not garbage-collected away. */
    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    private Tools() {
    }

    /**
     * Every tool as quiet as this project's silent listener: Flyway logs through SLF4J (warnings only,
     * simplelogger.properties), Liquibase through java.util.logging. Liquibase's anonymous analytics
     * would try to reach the network, which this machine has not: off. Call before the first tool runs.
     */
    static void quiet() {
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("liquibase.showBanner", "false");
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    /** One tool bound to one workload's files. */
    interface Tool {
        /** The name of {@link #NAMES}. */
        String name();

        /** One line for the report: what the tool does and how it is configured. */
        String description();

        /** Applies whatever is pending of the workload to the database behind {@code dataSource}. */
        void migrate(DataSource dataSource) throws Exception;

        /**
         * The tool's plan: finds the workload's scripts and its history, and returns how many
         * migrations are pending, changing nothing.
         */
        int pending(DataSource dataSource) throws Exception;
    }

    /**
     * The tool called {@code name}, bound to {@code files}; {@code familyLoader} gives the class loader
     * this project discovers its families with (a service's class path: made once, reused by every run).
     */
    static Tool create(String name, WorkloadFiles files, Supplier<ClassLoader> familyLoader) {
        return switch (name) {
            case "jdbc" -> new PlainJdbc(files.sequence());
            case "migrator" -> new ThisProject(familyLoader);
            case "liquibase" -> new LiquibaseUpdate(WorkloadFiles.loaderOf(List.of(files.liquibaseJar())));
            case "flyway" -> new FlywayOneSequence(WorkloadFiles.loaderOf(List.of(files.flywaySequenceJar())));
            case "flyway-per-family" -> new FlywayPerFamily(files.workload(), WorkloadFiles.loaderOf(files.flywayFamilyJars()));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * The floor: what any tool has to do at least. Lists the sequence folder, reads its own history,
     * and runs each pending file as one JDBC {@code execute} (pgjdbc sends a file's statements in one
     * round trip), with its history row, in one transaction per file. No checksums, no lock, no
     * validation.
     */
    static final class PlainJdbc implements Tool {

        private final Path folder;

        PlainJdbc(Path folder) {
            this.folder = folder;
        }

        @Override
        public String name() {
            return "jdbc";
        }

        @Override
        public String description() {
            return "plain JDBC: each file in one Statement.execute, one transaction per file with its history insert";
        }

        @Override
        public void migrate(DataSource dataSource) throws Exception {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.setEscapeProcessing(false);
                statement.execute("CREATE TABLE IF NOT EXISTS jdbc_history (script TEXT PRIMARY KEY,"
                        + " installed_at TIMESTAMPTZ NOT NULL DEFAULT now())");
                Set<String> applied = new HashSet<>();
                try (ResultSet rows = statement.executeQuery("SELECT script FROM jdbc_history")) {
                    while (rows.next()) {
                        applied.add(rows.getString(1));
                    }
                }
                List<Path> files;
                try (Stream<Path> listing = Files.list(folder)) {
                    files = listing.sorted(Comparator.comparingInt(PlainJdbc::version)).toList();
                }
                try (PreparedStatement record = connection.prepareStatement("INSERT INTO jdbc_history (script) VALUES (?)")) {
                    for (Path file : files) {
                        String script = file.getFileName().toString();
                        if (applied.contains(script)) {
                            continue;
                        }
                        connection.setAutoCommit(false);
                        statement.execute(Files.readString(file, StandardCharsets.UTF_8));
                        record.setString(1, script);
                        record.executeUpdate();
                        connection.commit();
                        connection.setAutoCommit(true);
                    }
                }
            }
        }

        @Override
        public int pending(DataSource dataSource) throws Exception {
            Set<String> applied = new HashSet<>();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                try (ResultSet exists = statement.executeQuery("SELECT to_regclass('jdbc_history') IS NOT NULL")) {
                    exists.next();
                    if (exists.getBoolean(1)) {
                        try (ResultSet rows = statement.executeQuery("SELECT script FROM jdbc_history")) {
                            while (rows.next()) {
                                applied.add(rows.getString(1));
                            }
                        }
                    }
                }
            }
            try (Stream<Path> listing = Files.list(folder)) {
                return (int) listing.filter(file -> !applied.contains(file.getFileName().toString())).count();
            }
        }

        private static int version(Path file) {
            String name = file.getFileName().toString();
            return Integer.parseInt(name.substring(1, name.indexOf("__")));
        }
    }

    /**
     * This project as a service uses it: discover the families on the class path, apply. Discovery is
     * part of every run, as Flyway's and Liquibase's reading of their files is part of theirs.
     */
    static final class ThisProject implements Tool {

        private final Supplier<ClassLoader> loader;

        ThisProject(Supplier<ClassLoader> loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "migrator";
        }

        @Override
        public String description() {
            return "this project: SchemaCatalog.discover(class path of family jars) + Migrator.apply(), defaults";
        }

        @Override
        public void migrate(DataSource dataSource) {
            Migrator.using(dataSource).withCatalog(SchemaCatalog.discover(loader.get()))
                    .withListener(MigrationListener.silent()).apply();
        }

        @Override
        public int pending(DataSource dataSource) {
            return Migrator.using(dataSource).withCatalog(SchemaCatalog.discover(loader.get()))
                    .withListener(MigrationListener.silent()).plan().pending().size();
        }
    }

    /**
     * Liquibase 4.33 {@code update} through its command API on a connection of the data source, as
     * Spring's integration does: the root changelog includes one formatted SQL changelog per family.
     * Defaults, except that the update summary is not printed (nothing else prints either) and
     * analytics are off (set in {@link ComparisonBenchmark}: there is no network here).
     */
    static final class LiquibaseUpdate implements Tool {

        private final ClassLoader loader;

        LiquibaseUpdate(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "liquibase";
        }

        @Override
        public String description() {
            return "Liquibase " + liquibase.util.LiquibaseUtil.getBuildVersion()
                    + ": update of classpath db/changelog/changelog.xml, which includes one formatted SQL changelog per family";
        }

        @Override
        public void migrate(DataSource dataSource) throws Exception {
            try (Connection connection = dataSource.getConnection()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                // LoggerUIService: what Liquibase would print for a person ("Running Changeset: ...") goes to its
                // log, which is at WARNING, as the other tools' progress goes nowhere.
                Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(loader),
                        Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    new CommandScope(UpdateCommandStep.COMMAND_NAME)
                            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "db/changelog/changelog.xml")
                            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                            .execute();
                });
            }
        }

        /** The changesets Liquibase would run ({@code listUnrunChangeSets}), without creating its tracking tables. */
        @Override
        public int pending(DataSource dataSource) throws Exception {
            try (Connection connection = dataSource.getConnection()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
                return Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> {
                    @SuppressWarnings("deprecation") // The command API has no list of pending changesets, only printed status.
                    liquibase.Liquibase liquibase = new liquibase.Liquibase("db/changelog/changelog.xml",
                            new ClassLoaderResourceAccessor(loader), database);
                    return liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression(), false).size();
                });
            }
        }
    }

    /**
     * Flyway 13 {@code migrate} with every script in one location and one history table; defaults
     * (location {@code classpath:db/migration}, table {@code flyway_schema_history}).
     */
    static final class FlywayOneSequence implements Tool {

        private final ClassLoader loader;

        FlywayOneSequence(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public String name() {
            return "flyway";
        }

        @Override
        public String description() {
            return "Flyway " + mavenVersion("org.flywaydb", "flyway-core") + ": migrate, all scripts in classpath:db/migration"
                    + " and one history table, defaults";
        }

        @Override
        public void migrate(DataSource dataSource) {
            Flyway.configure(loader).dataSource(dataSource).load().migrate();
        }

        /** Flyway's {@code info()}: its scan of the scripts and its history, the pending ones counted. */
        @Override
        public int pending(DataSource dataSource) {
            return Flyway.configure(loader).dataSource(dataSource).load().info().pending().length;
        }
    }

    /**
     * What Flyway's maintainers advise for independent modules sharing a schema: one Flyway per
     * module (family) with its own history table ({@code table}); a module whose schema already holds
     * another module's tables starts with a baseline below its first version
     * ({@code baselineOnMigrate}, {@code baselineVersion=0}).
     */
    static final class FlywayPerFamily implements Tool {

        private final Workload workload;
        private final ClassLoader loader;

        FlywayPerFamily(Workload workload, ClassLoader loader) {
            this.workload = workload;
            this.loader = loader;
        }

        @Override
        public String name() {
            return "flyway-per-family";
        }

        @Override
        public String description() {
            return "Flyway " + mavenVersion("org.flywaydb", "flyway-core") + ": one Flyway per family (one jar each), location"
                    + " classpath:db/<family>, table flyway_history_<family>, baselineOnMigrate, baselineVersion 0";
        }

        @Override
        public void migrate(DataSource dataSource) {
            for (Family family : workload.families()) {
                flyway(family, dataSource).migrate();
            }
        }

        @Override
        public int pending(DataSource dataSource) {
            int pending = 0;
            for (Family family : workload.families()) {
                pending += flyway(family, dataSource).info().pending().length;
            }
            return pending;
        }

        private Flyway flyway(Family family, DataSource dataSource) {
            return Flyway.configure(loader).dataSource(dataSource).locations("classpath:db/" + family.name())
                    .table("flyway_history_" + family.name()).baselineOnMigrate(true).baselineVersion("0").load();
        }
    }

    /** The version in a library's Maven metadata (a shaded jar has no manifest of its own). */
    static String mavenVersion(String groupId, String artifactId) {
        String path = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Tools.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return "(version unknown)";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    /** The tables of {@code workload} missing from {@code schema}: a run that left any did not apply everything. */
    static List<String> missingTables(Connection connection, String schema, Workload workload) throws SQLException {
        List<String> expected = workload.families().stream().flatMap(f -> f.tables().stream()).toList();
        Set<String> present = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p')")) {
            statement.setString(1, schema);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    present.add(result.getString(1));
                }
            }
        }
        return expected.stream().filter(table -> !present.contains(table)).toList();
    }
}
