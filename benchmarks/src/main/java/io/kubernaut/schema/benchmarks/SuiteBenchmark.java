package io.kubernaut.schema.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kubernaut.schema.junit.internal.Settings;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A service's test suite of {@value #CLASSES} test classes, each inserting audit events and querying them
 * back through jOOQ, run by the JUnit Platform twice: every class with its own database
 * ({@code @SchemaTest}, the default per-class isolation) and every class on one shared database
 * migrated once. The figure is the ratio of their wall times: what isolation costs a suite.
 *
 * <p>The classes are generated and compiled at run time, so both suites are the same code but for one
 * annotation. Both run on one embedded PostgreSQL (the extension's defaults: data on tmpfs, fsync off);
 * each run pays for its migration (the isolated one migrates its template, the shared one its
 * database), and the extension's pools, clones and drops happen inside the measured run.
 */
final class SuiteBenchmark implements Benchmark {

    static final int CLASSES = 100;
    private static final int TESTS_PER_CLASS = 3;
    private static final int EVENTS_PER_TEST = 5;

    @Override
    public String name() {
        return "suite";
    }

    @Override
    public String summary() {
        return "a suite of " + CLASSES + " test classes: a database per class (@SchemaTest) vs one shared database";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        int warmup = options.warmup(1);
        int iterations = options.iterations(5);
        Path sources = Files.createTempDirectory("schema-suite-");
        try (Servers.Started started = Servers.start(Options.ServerKind.EMBEDDED, options);
                URLClassLoader suites = compile(sources)) {
            PostgresServer server = started.server();
            Machine.printHeading(out, "## suite: " + CLASSES + " test classes, a database per class vs one shared database");
            out.println("- " + started.description());
            out.println("- each class: " + TESTS_PER_CLASS + " tests, each inserting " + EVENTS_PER_TEST
                    + " audit_events rows through jOOQ and reading them back by correlation id; the JUnit Platform"
                    + " launcher runs the " + CLASSES + " classes in one JVM, sequentially");
            out.println("- isolated: @SchemaTest(tables = \"audit_events\") on each class, defaults (pool size 2,"
                    + " clone strategy auto, " + "HikariCP pool per database); the template is dropped before each run");
            out.println("- shared: one database created and migrated in the run, one HikariCP pool (4 connections)");
            out.println("- " + warmup + " warm-up and " + iterations + " measured runs of each, alternating");
            out.println();
            long[] shared = new long[iterations];
            long[] isolated = new long[iterations];
            for (int i = -warmup; i < iterations; i++) {
                long s = runShared(server, suites, i + warmup);
                long o = runIsolated(server, suites);
                if (i >= 0) {
                    shared[i] = s;
                    isolated[i] = o;
                }
            }
            Stats sharedStats = Stats.ofNanos(shared);
            Stats isolatedStats = Stats.ofNanos(isolated);
            out.println("| Suite | median ms | min ms | max ms | per class (median) ms |");
            out.println("| --- | ---: | ---: | ---: | ---: |");
            row(out, "shared: one database for all " + CLASSES + " classes", sharedStats);
            row(out, "isolated: a database per class (@SchemaTest)", isolatedStats);
            out.println();
            out.printf(Locale.ROOT, "Isolation costs %.2fx the shared run's wall time (medians; the target is at most 1.2x).%n",
                    isolatedStats.median() / sharedStats.median());
        } finally {
            TempDirectories.deleteRecursively(sources);
        }
    }

    private static void row(PrintStream out, String name, Stats stats) {
        out.println("| " + name + " | " + Stats.format(stats.median()) + " | " + Stats.format(stats.min()) + " | "
                + Stats.format(stats.max()) + " | " + Stats.format(stats.median() / CLASSES) + " |");
    }

    /** One shared-database run: create and migrate the database, run the suite; its wall time in nanoseconds. */
    private static long runShared(PostgresServer server, ClassLoader suites, int run) throws SQLException {
        String database = "suite_shared_" + run;
        server.dropDatabase(database);
        long start = System.nanoTime();
        server.createDatabase(database, null);
        HikariConfig config = new HikariConfig();
        config.setDataSource(server.dataSource(database));
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Migrator.using(pool).withCatalog(SchemaCatalog.discover(suites)).withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().tables("audit_events").build()).apply();
            SharedDatabase.use(pool);
            execute(suites, "shared", Map.of());
            long elapsed = System.nanoTime() - start;
            return elapsed;
        } finally {
            server.dropDatabase(database);
        }
    }

    /** One isolated run: the extension on the same server, from no template; its wall time in nanoseconds. */
    private static long runIsolated(PostgresServer server, ClassLoader suites) throws SQLException {
        dropTemplates(server);
        long start = System.nanoTime();
        execute(suites, "isolated", Map.of(Settings.SERVER, "external",
                Settings.JDBC_URL, server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE),
                Settings.USER, server.user(), Settings.PASSWORD, server.password()));
        return System.nanoTime() - start;
    }

    private static void dropTemplates(PostgresServer server) throws SQLException {
        List<String> templates = new ArrayList<>();
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'schema\\_tpl\\_%'")) {
            while (result.next()) {
                templates.add(result.getString(1));
            }
        }
        templates.forEach(server::dropDatabase);
    }

    /** Runs the {@code variant} suite; fails unless every test passed. */
    private static void execute(ClassLoader suites, String variant, Map<String, String> parameters) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (int i = 0; i < CLASSES; i++) {
            selectors.add(selectClass(className(variant, i)));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameters(parameters).build();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(suites);
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != (long) CLASSES * TESTS_PER_CLASS) {
                java.io.StringWriter failures = new java.io.StringWriter();
                summary.printFailuresTo(new java.io.PrintWriter(failures), 5);
                throw new IllegalStateException("The " + variant + " suite did not pass: " + summary.getTestsSucceededCount()
                        + " of " + CLASSES * TESTS_PER_CLASS + " tests succeeded\n" + failures);
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static String className(String variant, int index) {
        return String.format(Locale.ROOT, "suite.%s.Service%03dTest", variant, index);
    }

    /** Writes and compiles both suites; a loader for them on top of this module's classes. */
    private static URLClassLoader compile(Path directory) throws IOException {
        Path sources = directory.resolve("src");
        Path classes = Files.createDirectories(directory.resolve("classes"));
        List<String> files = new ArrayList<>();
        for (String variant : List.of("isolated", "shared")) {
            Path packageDirectory = Files.createDirectories(sources.resolve("suite").resolve(variant));
            for (int i = 0; i < CLASSES; i++) {
                String simpleName = className(variant, i).substring(("suite." + variant + ".").length());
                Path file = packageDirectory.resolve(simpleName + ".java");
                Files.writeString(file, source(variant, simpleName));
                files.add(file.toString());
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("The suite benchmark compiles its test classes: run it on a JDK, not a JRE");
        }
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        arguments.addAll(files);
        if (compiler.run(null, null, System.err, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("Compiling the generated suites failed (see above)");
        }
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, SuiteBenchmark.class.getClassLoader());
    }

    private static String source(String variant, String simpleName) {
        String annotation = variant.equals("isolated")
                ? "@io.kubernaut.schema.junit.SchemaTest(tables = \"audit_events\")"
                : "@org.junit.jupiter.api.extension.ExtendWith(io.kubernaut.schema.benchmarks.SharedDatabase.class)";
        StringBuilder tests = new StringBuilder();
        for (int t = 0; t < TESTS_PER_CLASS; t++) {
            tests.append("""

                        @Test
                        void recordsAndReadsBack%d(DSLContext dsl) {
                            String correlation = UUID.randomUUID().toString();
                            for (int i = 0; i < %d; i++) {
                                dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_TYPE, "svc.order.placed")
                                        .set(AUDIT_EVENTS.CORRELATION_ID, correlation)
                                        .set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{\\"i\\": " + i + "}")).execute();
                            }
                            List<AuditEventsRecord> trail = dsl.selectFrom(AUDIT_EVENTS)
                                    .where(AUDIT_EVENTS.CORRELATION_ID.eq(correlation))
                                    .orderBy(AUDIT_EVENTS.EVENT_TIMESTAMP).fetch();
                            Assertions.assertEquals(%d, trail.size());
                        }
                    """.formatted(t, EVENTS_PER_TEST, EVENTS_PER_TEST));
        }
        return """
                package suite.%s;

                import static io.kubernaut.schema.audit.Tables.AUDIT_EVENTS;

                import io.kubernaut.schema.audit.tables.records.AuditEventsRecord;
                import java.util.List;
                import java.util.UUID;
                import org.jooq.DSLContext;
                import org.jooq.JSONB;
                import org.junit.jupiter.api.Assertions;
                import org.junit.jupiter.api.Test;

                %s
                class %s {
                %s}
                """.formatted(variant, annotation, simpleName, tests);
    }
}
