package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Options.ServerKind;
import io.kubernaut.schema.benchmarks.Timer.Timing;
import io.kubernaut.schema.junit.internal.Settings;
import io.kubernaut.schema.junit.internal.TestDatabase;
import io.kubernaut.schema.junit.internal.TestRun;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.postgres.ContainerServer;
import io.kubernaut.schema.postgres.DatabaseStatements;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@code clone}: how long a test waits for a fresh database with every family applied when
 * migrator-junit clones it from its template, compared with creating an empty database and migrating
 * it (issue 4: a clone takes at most 50 ms and is at least 20 times faster).
 *
 * <p>Each repetition is timed twice: until the database is there and the test holds it ("ready"),
 * and until a new connection to it has run a query on {@code audit_events} (the test's first
 * query), which both paths pay alike. Dropping the database afterwards is not timed. The clone
 * scenarios go through migrator-junit's own {@link TestRun}, the class behind {@code @SchemaTest},
 * connected to the benchmark's server as an external server: all scenarios of a server use that one
 * server and one template.
 */
final class FreshDatabaseBenchmark implements Benchmark {

    /** Every family on the class path, as {@code @SchemaTest} without tables selects them. */
    private static final MigrationConfig ALL_FAMILIES = MigrationConfig.builder().build();
    private static final double TARGET_MS = 50;
    private static final double TARGET_RATIO = 20;
    private static final int FIRST_VERSION_WITH_STRATEGY = 150000;

    @Override
    public String name() {
        return "clone";
    }

    @Override
    public String summary() {
        return "a fresh database for a test: template clone (migrator-junit) vs migrating all families";
    }

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        SchemaCatalog catalog = SchemaCatalog.discover(FreshDatabaseBenchmark.class.getClassLoader());
        Machine.printHeading(out, "## clone: a fresh database for a test, by template clone vs by migrating");
        out.println("- families: " + catalog.families().stream()
                .map(f -> f.name() + " " + f.artifactVersion() + " (" + f.migrations().size() + " migrations)")
                .collect(Collectors.joining(", ")));
        out.println("- per scenario " + options.warmup() + " warm-up and " + options.iterations() + " measured repetitions;"
                + " pool scenario (a2) pauses " + options.thinkMs() + " ms before each");
        for (ServerKind kind : options.servers()) {
            if (kind == ServerKind.TESTCONTAINERS && !ContainerServer.dockerAvailable()) {
                if (options.serversWereGiven()) {
                    throw new IllegalStateException("--servers testcontainers, but no Docker engine answers (against the"
                            + " local engine, export what ../shared/tools/docker-postgres.sh --env prints)");
                }
                out.println();
                out.println("(testcontainers: skipped, no Docker engine answers)");
                continue;
            }
            try (Servers.Started started = Servers.start(kind, options)) {
                out.println();
                measure(started, catalog, options, out);
            }
        }
    }

    private void measure(Servers.Started started, SchemaCatalog catalog, Options options, PrintStream out) throws Exception {
        PostgresServer server = started.server();
        boolean strategies = started.versionNumber() >= FIRST_VERSION_WITH_STRATEGY;
        out.println("### " + started.description());
        out.println();
        List<String[]> rows = new ArrayList<>();
        Timing onDemand;
        Timing pooled;
        String template;
        try (TestRun run = testRun(server, 0, "auto")) {
            long first = System.nanoTime();
            TestDatabase database = run.newDatabase(catalog, ALL_FAMILIES);
            firstQuery(database.dataSource());
            double firstMs = (System.nanoTime() - first) / 1_000_000.0;
            discard(server, database);
            template = templateName(server);
            out.println("- template " + template + " (" + sizeOf(server, template) + "); first use, template migrated then"
                    + " cloned: " + Stats.format(firstMs) + " ms");
            onDemand = takeDatabases(run, server, catalog, options, 0);
            rows.add(row("(a1) clone on demand: TestRun.newDatabase, pool size 0, clone strategy auto ("
                    + (strategies ? "FILE_COPY" : "server default") + ")", onDemand));
        }
        if (strategies) {
            try (TestRun run = testRun(server, 0, "wal_log")) {
                rows.add(row("(a1w) the same with schema.test.clone-strategy=wal_log (the server's default)",
                        takeDatabases(run, server, catalog, options, 0)));
            }
        }
        try (TestRun run = testRun(server, 2, "auto")) {
            pooled = takeDatabases(run, server, catalog, options, options.thinkMs());
            rows.add(row("(a2) taken from the ready pool: pool size 2 (the default), a test class's "
                    + options.thinkMs() + " ms between takes", pooled));
            rows.add(row("(a3) pool size 2, taken back to back and dropped in the background as the extension does:"
                    + " refills and drops compete", Timer.measure(options.warmup(), options.iterations(), clock -> {
                        clock.start();
                        TestDatabase fresh = run.newDatabase(catalog, ALL_FAMILIES);
                        clock.ready();
                        firstQuery(fresh.dataSource());
                        clock.stop();
                        fresh.close();
                    })));
        }
        int[] sequence = {0};
        Timing migrated = Timer.measure(options.warmup(), options.iterations(), clock -> {
            String name = "bench_migrate_" + (++sequence[0]);
            server.dropDatabase(name);
            DataSource dataSource = server.dataSource(name);
            clock.start();
            server.createDatabase(name, null);
            Migrator.using(dataSource).withCatalog(catalog).withConfig(ALL_FAMILIES)
                    .withListener(MigrationListener.silent()).apply();
            clock.ready();
            firstQuery(dataSource);
            clock.stop();
            server.dropDatabase(name);
        });
        rows.add(row("(b) CREATE DATABASE (empty, server's default strategy) + Migrator.apply() of all families", migrated));

        try (Connection maintenance = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = maintenance.createStatement()) {
            if (strategies) {
                rows.add(row("(s1) SQL alone: CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY, open connection",
                        createDatabase(server, statement, template, "FILE_COPY", options)));
                rows.add(row("(s2) SQL alone: the same with STRATEGY WAL_LOG",
                        createDatabase(server, statement, template, "WAL_LOG", options)));
            }
            rows.add(row("(s3) the clone before this change: a new connection per clone, server's default strategy",
                    createDatabase(server, null, template, null, options)));
        }

        out.println();
        out.println("| Scenario | n | min ms | median ms | p90 ms | max ms | median ms incl. first query |");
        out.println("|---|--:|--:|--:|--:|--:|--:|");
        rows.forEach(r -> out.println("| " + String.join(" | ", r) + " |"));
        out.println();
        verdict(out, "clone on demand (a1)", onDemand, migrated);
        verdict(out, "from the pool (a2)", pooled, migrated);
    }

    /**
     * Takes databases from {@code run} as test classes do, pausing {@code pauseMs} before each; drops
     * each before the next pause, so that no drop competes with the next clone.
     */
    private static Timing takeDatabases(TestRun run, PostgresServer server, SchemaCatalog catalog, Options options,
            int pauseMs) throws Exception {
        return Timer.measure(options.warmup(), options.iterations(), clock -> {
            if (pauseMs > 0) {
                // A test class runs meanwhile; the pool refills in the background.
                Thread.sleep(pauseMs);
            }
            clock.start();
            TestDatabase fresh = run.newDatabase(catalog, ALL_FAMILIES);
            clock.ready();
            firstQuery(fresh.dataSource());
            clock.stop();
            discard(server, fresh);
        });
    }

    /** Drops a database taken from a run, with its connection pool, instead of giving it back for reuse. */
    private static void discard(PostgresServer server, TestDatabase database) throws Exception {
        if (database.dataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
        server.dropDatabase(database.info().database());
    }

    private static void verdict(PrintStream out, String what, Timing clone, Timing migrated) {
        double ratio = migrated.ready().median() / clone.ready().median();
        double ratioWithQuery = migrated.total().median() / clone.total().median();
        boolean met = clone.ready().median() <= TARGET_MS && ratio >= TARGET_RATIO;
        out.println(String.format(Locale.ROOT, "- %s: median %s ms, %.1f× faster than migrating (b) (%.1f× counting the"
                + " first query): target ≤ %.0f ms and ≥ %.0f× %s", what, Stats.format(clone.ready().median()), ratio,
                ratioWithQuery, TARGET_MS, TARGET_RATIO, met ? "met" : "NOT met"));
    }

    /**
     * {@code CREATE DATABASE … TEMPLATE} alone; on {@code statement}'s connection, or through
     * {@link PostgresServer#createDatabase} (a new connection each time) when it is null.
     */
    private static Timing createDatabase(PostgresServer server, Statement statement, String template, String strategy,
            Options options) throws Exception {
        int[] sequence = {0};
        return Timer.measure(options.warmup(), options.iterations(), clock -> {
            String name = "bench_clone_" + (++sequence[0]);
            server.dropDatabase(name);
            clock.start();
            if (statement == null) {
                server.createDatabase(name, template);
            } else {
                statement.execute(DatabaseStatements.copy(name, template, strategy));
            }
            clock.ready();
            firstQuery(server.dataSource(name));
            clock.stop();
            server.dropDatabase(name);
        });
    }

    /** The run {@code @SchemaTest} would make, connected to {@code server} as an external server. */
    private static TestRun testRun(PostgresServer server, int poolSize, String cloneStrategy) {
        Map<String, String> values = Map.of(Settings.SERVER, "external",
                Settings.JDBC_URL, server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE),
                Settings.USER, server.user(), Settings.PASSWORD, server.password(),
                Settings.POOL_SIZE, String.valueOf(poolSize), Settings.CLONE_STRATEGY, cloneStrategy);
        Settings settings = new Settings(key -> Optional.ofNullable(values.get(key)), key -> null);
        return TestRun.start(settings.serverChoice(() -> false), settings);
    }

    /** What a test does first: a new connection, and a query on the families' tables. */
    private static void firstQuery(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM audit_events")) {
            result.next();
        }
    }

    private static String templateName(PostgresServer server) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT datname FROM pg_database"
                        + " WHERE datname LIKE 'schema\\_tpl\\_%' AND datname NOT LIKE '%\\_build\\_%'")) {
            while (result.next()) {
                names.add(result.getString(1));
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("expected the one template of this run on a new server, found " + names);
        }
        return names.get(0);
    }

    private static String sizeOf(PostgresServer server, String database) throws SQLException {
        try (Connection connection = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_size_pretty(pg_database_size(?))")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static String[] row(String scenario, Timing timing) {
        Stats ready = timing.ready();
        return new String[] {scenario, String.valueOf(ready.samples()), Stats.format(ready.min()), Stats.format(ready.median()),
                Stats.format(ready.p90()), Stats.format(ready.max()), Stats.format(timing.total().median())};
    }
}
