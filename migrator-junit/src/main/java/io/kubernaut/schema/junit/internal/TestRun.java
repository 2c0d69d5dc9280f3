package io.kubernaut.schema.junit.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kubernaut.schema.junit.SchemaDatabase;
import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.postgres.DatabaseStatements;
import io.kubernaut.schema.postgres.Identifiers;
import io.kubernaut.schema.postgres.PostgresServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import io.kubernaut.schema.postgres.ServerChoice;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one test run (one JVM) shares: the server, the templates, the background work. Kept in
 * JUnit's root store and closed at the end of the run.
 *
 * <p>Test databases are named {@code schema_test_<run>_<n>}; the run holds an advisory lock on its
 * number for its whole life, so a later run against the same external server can tell the databases
 * of dead runs (lock free) from those of live ones, and drops the dead ones.
 */
public final class TestRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestRun.class);
    /** First key of the run locks ("schema registry tests"); the second is the run number. */
    private static final int RUN_LOCK_CLASS = 0x53525431;
    private static final String TEST_DATABASE_PREFIX = "schema_test_";
    /** Connections per test database: enough for a test and the code it calls, few enough for many classes in parallel. */
    static final int DEFAULT_CONNECTIONS = 4;

    private final PostgresServer server;
    private final boolean ownsServer;
    private final int run;
    private final Connection runLock;
    private final int poolSize;
    private final CloneStrategy cloneStrategy;
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<String, TemplateHolder> templates = new ConcurrentHashMap<>();
    private final Map<ClassLoader, SchemaCatalog> catalogs = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "schema-test-databases");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledThreadPoolExecutor housekeeping = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "schema-test-pools");
        thread.setDaemon(true);
        return thread;
    });
    private final int connections;
    private final boolean recycle;

    private TestRun(PostgresServer server, boolean ownsServer, int poolSize, String cloneStrategy, int connections,
            boolean recycle) throws SQLException {
        if (connections < 1) {
            throw new ConfigurationException(Settings.CONNECTIONS + " must be at least 1, was " + connections);
        }
        this.server = server;
        this.ownsServer = ownsServer;
        this.poolSize = poolSize;
        this.connections = connections;
        this.recycle = recycle;
        housekeeping.setRemoveOnCancelPolicy(true);
        this.run = new SecureRandom().nextInt() & 0x7fffffff;
        this.runLock = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
        try (Statement statement = runLock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + RUN_LOCK_CLASS + ", " + run + ")");
        }
        try (Statement statement = runLock.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT current_setting('server_version_num')::int, current_setting('fsync')::boolean")) {
            result.next();
            this.cloneStrategy = CloneStrategy.choose(cloneStrategy, result.getInt(1), result.getBoolean(2));
        } catch (SQLException | RuntimeException e) {
            runLock.close();
            throw e;
        }
    }

    /**
     * Starts (or connects to) the server {@code choice} names.
     *
     * @throws PostgresServerException when it cannot
     */
    public static TestRun start(ServerChoice choice, Settings settings) {
        PostgresServer server = choice.start();
        try {
            TestRun testRun = new TestRun(server, choice.startsServer(),
                    settings.number(Settings.POOL_SIZE, 2), settings.get(Settings.CLONE_STRATEGY, "auto"),
                    settings.number(Settings.CONNECTIONS, DEFAULT_CONNECTIONS), settings.get(Settings.RECYCLE).map(Boolean::parseBoolean).orElse(true));
            LOG.info("Schema tests use the {} PostgreSQL at {} ({}; clone strategy {})", server.kind(),
                    server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE), choice.reason(), testRun.cloneStrategy);
            testRun.dropDatabasesOfDeadRuns();
            return testRun;
        } catch (ConfigurationException e) {
            server.close();
            throw e;
        } catch (SQLException e) {
            server.close();
            throw new PostgresServerException("Cannot use the " + server.kind()
                    + " PostgreSQL at " + server.jdbcUrl(PostgresServer.MAINTENANCE_DATABASE) + ": " + e.getMessage(), e);
        }
    }

    public PostgresServer server() {
        return server;
    }

    /**
     * A new database with the families {@code config} selects from {@code catalog} applied: cloned
     * from the template of that selection, which is migrated on first use.
     */
    public TestDatabase newDatabase(SchemaCatalog catalog, MigrationConfig config) {
        String key = templateKey(catalog, config);
        Template template = templates.computeIfAbsent(key, k -> new TemplateHolder()).get(() -> buildTemplate(key, catalog, config));
        Template.Clone clone = template.take();
        String database = clone.database();
        String url = server.jdbcUrl(database);
        // pgjdbc sends currentSchema as the search_path setting, which PostgreSQL parses as a list of
        // identifiers: quoted, a name with capitals, spaces, commas or quotes stays one schema.
        String searchPath = Identifiers.quote(config.schema());
        if (!config.schema().equals("public")) {
            url += (url.contains("?") ? "&" : "?") + "currentSchema=" + URLEncoder.encode(searchPath, StandardCharsets.UTF_8);
        }
        SchemaDatabase info = new SchemaDatabase(url, server.user(), server.password(), database, config.schema(), server.kind());
        return new TestDatabase(info, clone.pool(), connectedByItself -> template.giveBack(clone, connectedByItself));
    }

    /** Connections to {@code database} with {@code schema} as the search path. */
    private DataSource dataSource(String database, String schema) {
        DataSource dataSource = server.dataSource(database);
        if (dataSource instanceof PGSimpleDataSource pg && !schema.equals("public")) {
            pg.setCurrentSchema(Identifiers.quote(schema));   // quoted, as in the URL (see newDatabase)
        }
        return dataSource;
    }

    /**
     * The families on {@code loader}, discovered once per run: every test class of a suite shares its
     * class loader, and reading the jars' indexes again for each class is wasted time.
     */
    public SchemaCatalog catalog(ClassLoader loader) {
        return catalogs.computeIfAbsent(loader, SchemaCatalog::discover);
    }

    /**
     * A small pool of connections to {@code database}: a test's {@code getConnection()} reuses a connection
     * instead of forking a backend each time. No connection is opened before the first is asked for, and
     * the pools of a run share one housekeeping thread. It lives as long as the database, across the
     * classes that reuse it ({@link Template}).
     */
    private HikariDataSource pool(String database, String schema) {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource(database, schema));
        pool.setPoolName(database);
        pool.setMaximumPoolSize(connections);
        pool.setMinimumIdle(0);
        pool.setInitializationFailTimeout(-1);
        pool.setScheduledExecutor(housekeeping);
        return new HikariDataSource(pool);
    }

    /** Same families (names, versions, checksums) and same request: same template, in this run and later ones. */
    private static String templateKey(SchemaCatalog catalog, MigrationConfig config) {
        StringBuilder text = new StringBuilder(config.schema()).append('|').append(config.tables()).append('|')
                .append(config.families());
        for (SchemaModule module : catalog.families()) {
            text.append('|').append(module.name()).append(':').append(module.artifactVersion());
            for (Migration migration : module.migrations()) {
                text.append(':').append(migration.checksum());
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Migrates {@code schema_tpl_<key>} unless it exists already (an earlier run against the same
     * server built it). Built under another name and renamed when complete, under an advisory lock
     * so concurrent runs build it once.
     */
    private Template buildTemplate(String key, SchemaCatalog catalog, MigrationConfig config) {
        String name = "schema_tpl_" + key;
        try (Connection maintenance = server.dataSource(PostgresServer.MAINTENANCE_DATABASE).getConnection();
                Statement statement = maintenance.createStatement()) {
            long lockKey = Long.parseUnsignedLong(key, 16);
            statement.execute("SELECT pg_advisory_lock(" + lockKey + ")");
            try {
                if (!exists(maintenance, name)) {
                    String building = name + "_build_" + Integer.toHexString(run);
                    server.dropDatabase(building);
                    server.createDatabase(building, null);
                    long started = System.nanoTime();
                    try {
                        Migrator.using(server.dataSource(building)).withCatalog(catalog).withConfig(config)
                                .withListener(MigrationListener.silent()).apply();
                    } catch (RuntimeException e) {
                        server.dropDatabase(building);
                        throw e;
                    }
                    statement.execute(DatabaseStatements.rename(building, name));
                    LOG.info("Migrated template {} ({}) in {} ms", name, config, (System.nanoTime() - started) / 1_000_000);
                }
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + lockKey + ")");
            }
        } catch (SQLException e) {
            throw new PostgresServerException("Cannot build the template database " + name
                    + " on the " + server.kind() + " PostgreSQL: " + e.getMessage(), e);
        }
        return new Template(server, name, () -> TEST_DATABASE_PREFIX + Integer.toHexString(run) + "_" + sequence.incrementAndGet(),
                poolSize, background, cloneStrategy, database -> pool(database, config.schema()), recycle);
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Drops test databases whose run no longer holds its lock: left behind by a run that died. */
    private void dropDatabasesOfDeadRuns() throws SQLException {
        List<String> stale = new ArrayList<>();
        try (Statement statement = runLock.createStatement();
                ResultSet databases = statement.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'schema\\_test\\_%'")) {
            while (databases.next()) {
                stale.add(databases.getString(1));
            }
        }
        for (String database : stale) {
            String[] parts = database.substring(TEST_DATABASE_PREFIX.length()).split("_");
            int owner;
            try {
                owner = Integer.parseUnsignedInt(parts[0], 16);
            } catch (NumberFormatException e) {
                continue;
            }
            if (owner != run && lockIsFree(owner)) {
                LOG.info("Dropping {}, left behind by an earlier test run", database);
                server.dropDatabase(database);
            }
        }
    }

    private boolean lockIsFree(int owner) throws SQLException {
        try (Statement statement = runLock.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_try_advisory_lock(" + RUN_LOCK_CLASS + ", " + owner + ")")) {
            result.next();
            if (!result.getBoolean(1)) {
                return false;
            }
        }
        try (Statement statement = runLock.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + RUN_LOCK_CLASS + ", " + owner + ")");
        }
        return true;
    }

    @Override
    public void close() {
        templates.values().forEach(TemplateHolder::stopRefilling);
        background.shutdown();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Test databases were still being created or dropped after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        templates.values().forEach(TemplateHolder::close);
        housekeeping.shutdownNow();
        try {
            runLock.close();
        } catch (SQLException e) {
            LOG.debug("Closing the run lock connection: {}", e.getMessage());
        }
        if (ownsServer) {
            server.close();
        }
    }

    /** Builds a template once, remembering a failure so every class using it fails the same way at once. */
    private static final class TemplateHolder {

        private Template template;
        private RuntimeException failure;

        synchronized Template get(java.util.function.Supplier<Template> builder) {
            if (failure != null) {
                throw failure;
            }
            if (template == null) {
                try {
                    template = builder.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return template;
        }

        synchronized void stopRefilling() {
            if (template != null) {
                template.stopRefilling();
            }
        }

        synchronized void close() {
            if (template != null) {
                template.close();
            }
        }
    }
}
