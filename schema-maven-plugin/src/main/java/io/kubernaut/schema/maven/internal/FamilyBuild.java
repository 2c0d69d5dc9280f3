package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.lint.IdempotencyLint;
import io.kubernaut.schema.migrator.lint.LintReport;
import io.kubernaut.schema.migrator.lint.MigrationScript;
import io.kubernaut.schema.migrator.lint.MigrationSourceException;
import io.kubernaut.schema.migrator.lint.MigrationSources;
import io.kubernaut.schema.migrator.lint.ScriptFormat;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.postgres.Identifiers;
import io.kubernaut.schema.postgres.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Builds one table family from its SQL: lint (rewriting the mechanical cases first when asked), apply
 * (with the families it requires) to a fresh database with migrator-core one version at a time, taking
 * the schema snapshot after each, run every script a second time and check that neither the schema
 * nor any table's rows or identity changed, generate the jOOQ classes, and write the jar's resources
 * (scripts, index, snapshots, services entry) and the provider's source.
 *
 * <p>goose files ({@link ScriptFormat#GOOSE}) ship and run their Up section only: the jar's script is
 * the file up to its {@code -- +goose Down} line, and its checksum is that text's, so the Down section
 * is neither run nor part of the checksum.
 */
public final class FamilyBuild {

    /** The schema the family is built in: not {@code public}, so scripts that assume it fail here. */
    static final String BUILD_SCHEMA = "schema_registry_build";

    /**
     * What to build.
     *
     * @param family            the family name
     * @param artifact          {@code groupId:artifactId}
     * @param artifactVersion   the project version
     * @param declaredTables    the tables the family must create; empty to take what its migrations create
     * @param requires          the families it needs first
     * @param packageName       the Java package of the provider and the jOOQ classes
     * @param sqlDirectory      the scripts
     * @param resourceDirectory where the jar's resources go (META-INF/...)
     * @param sourceDirectory   where the provider's source goes
     * @param jooqDirectory     where the jOOQ sources go, or null to skip jOOQ
     * @param dependencies      the families on the project's classpath (required ones come from there)
     * @param format            the scripts' format, or null to tell it from their names
     * @param lintFix           whether to rewrite the mechanical idempotency problems in the scripts first
     */
    public record Request(String family, String artifact, String artifactVersion, Set<String> declaredTables,
            Set<String> requires, String packageName, Path sqlDirectory, Path resourceDirectory, Path sourceDirectory,
            Path jooqDirectory, SchemaCatalog dependencies, ScriptFormat format, boolean lintFix) {

        public Request {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(packageName, "packageName");
            declaredTables = Set.copyOf(declaredTables);
            requires = Set.copyOf(requires);
        }

        /** A request for a folder whose format its file names tell, linted without rewriting. */
        public Request(String family, String artifact, String artifactVersion, Set<String> declaredTables,
                Set<String> requires, String packageName, Path sqlDirectory, Path resourceDirectory, Path sourceDirectory,
                Path jooqDirectory, SchemaCatalog dependencies) {
            this(family, artifact, artifactVersion, declaredTables, requires, packageName, sqlDirectory, resourceDirectory,
                    sourceDirectory, jooqDirectory, dependencies, null, false);
        }
    }

    /**
     * What was built.
     *
     * @param index    the family's index
     * @param format   the format of its scripts
     * @param provider the provider's class name
     * @param millis   how long the build took
     */
    public record Result(FamilyIndex index, ScriptFormat format, String provider, long millis) {
    }

    private final Request request;
    private final PostgresServer server;
    private final Consumer<String> log;

    public FamilyBuild(Request request, PostgresServer server) {
        this(request, server, message -> { });
    }

    /** A build that reports what the lint's fix rewrote to {@code log}. */
    public FamilyBuild(Request request, PostgresServer server, Consumer<String> log) {
        this.request = Objects.requireNonNull(request, "request");
        this.server = Objects.requireNonNull(server, "server");
        this.log = Objects.requireNonNull(log, "log");
    }

    public Result run() throws IOException {
        long started = System.nanoTime();
        MigrationSources sources = sources();
        List<MigrationScript> scripts = sources.scripts();
        lint(sources);
        FamilyIndex provisional = index(scripts, request.declaredTables().isEmpty() ? Set.of(request.family())
                : request.declaredTables());
        String database = "schema_build_" + request.family() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.createDatabase(database, null);
        FamilyIndex index;
        SchemaSnapshot snapshot;
        Map<Integer, SchemaSnapshot> versionSnapshots = new TreeMap<>();
        try {
            DataSource dataSource = server.dataSource(database);
            List<SchemaModule> modules = new ArrayList<>(request.dependencies().families());
            modules.removeIf(m -> m.name().equals(request.family()));
            // The required families first: what the family owns is what its own migrations add to the
            // schema after them, so every object belongs to exactly one family.
            // (A required family missing from the classpath is named when the family itself is applied.)
            Set<String> present = modules.stream().map(SchemaModule::name).filter(request.requires()::contains)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!present.isEmpty()) {
                apply(dataSource, SchemaCatalog.of(modules), present);
            }
            SchemaObjects before;
            try (Connection connection = dataSource.getConnection()) {
                before = SchemaObjects.inSchema(connection, BUILD_SCHEMA);
            }
            // One version at a time, so the jar holds the schema after each: a database made without this
            // migrator (goose, Flyway, copied SQL) is placed at its version by comparing with them.
            Set<String> grantees = new TreeSet<>();
            SchemaObjects owned = null;
            for (int version = 1; version <= scripts.size(); version++) {
                List<SchemaModule> catalog = new ArrayList<>(modules);
                catalog.add(sources(provisional, scripts, version));
                apply(dataSource, SchemaCatalog.of(catalog), Set.of(request.family()));
                grantees.addAll(SchemaObjects.granteesIn(scripts.get(version - 1).runText()));
                try (Connection connection = dataSource.getConnection()) {
                    owned = SchemaObjects.inSchema(connection, BUILD_SCHEMA).minus(before).withGrantees(grantees);
                    if (version < scripts.size()) {
                        versionSnapshots.put(version, SchemaSnapshot.take(connection, BUILD_SCHEMA, owned));
                    }
                }
            }
            try (Connection connection = dataSource.getConnection()) {
                Set<String> tables = createdTables(owned);
                index = index(scripts, tables);
                snapshot = SchemaSnapshot.take(connection, BUILD_SCHEMA, owned);
                applyAgain(connection, scripts, snapshot);
                if (request.jooqDirectory() != null) {
                    JooqGeneration.generate(connection, BUILD_SCHEMA, tables, request.packageName(), request.jooqDirectory(),
                            hasInetColumn(snapshot));
                }
            }
        } catch (SQLException e) {
            throw new BuildFailure("Family '" + request.family() + "': PostgreSQL failed: " + e.getMessage(), e);
        } catch (BuildFailure | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new BuildFailure("Family '" + request.family() + "': jOOQ code generation failed: " + e.getMessage(), e);
        } finally {
            server.dropDatabase(database);
        }
        String provider = writeOutputs(scripts, index, snapshot, versionSnapshots);
        return new Result(index, sources.format(), provider, (System.nanoTime() - started) / 1_000_000);
    }

    /** The scripts, after the lint's fix rewrote them when asked. */
    private MigrationSources sources() throws IOException {
        try {
            MigrationSources sources = MigrationSources.read(request.sqlDirectory(), request.format());
            if (!request.lintFix()) {
                return sources;
            }
            LintReport report = IdempotencyLint.fix(sources);
            report.write();
            log.accept("Family '" + request.family() + "': " + report.describe().stripTrailing());
            return MigrationSources.read(request.sqlDirectory(), request.format());
        } catch (MigrationSourceException e) {
            throw new BuildFailure("Family '" + request.family() + "': " + e.getMessage(), e);
        }
    }

    /** The family's migrations 1 to {@code version} as its sources describe them, for migrator-core to apply. */
    private SchemaModule sources(FamilyIndex index, List<MigrationScript> scripts, int version) {
        Map<String, String> texts = new LinkedHashMap<>();
        scripts.forEach(script -> texts.put(script.name(), script.runText()));
        FamilyIndex upTo = new FamilyIndex(index.family(), index.artifact(), index.artifactVersion(), index.tables(),
                index.requires(), index.migrations().subList(0, version));
        return FamilyArchive.of(request.sqlDirectory().toString(), upTo, texts, null);
    }

    private void lint(MigrationSources sources) {
        LintReport report = IdempotencyLint.check(sources);
        if (report.clean()) {
            return;
        }
        List<String> findings = report.findings().stream()
                .map(f -> request.sqlDirectory().resolve(f.script()) + ":" + f.line() + ": " + f.problem()
                        + (f.fixable() ? " (-Dschema.lint.fix rewrites it: " + f.fix() + ")" : ": " + f.reason()))
                .toList();
        throw new BuildFailure("Family '" + request.family() + "' has SQL that is not idempotent (mark a statement that is"
                + " idempotent anyway with '" + IdempotencyLint.EXEMPT + "' on the line before):\n  "
                + String.join("\n  ", findings));
    }

    private FamilyIndex index(List<MigrationScript> scripts, Set<String> tables) {
        List<Migration> migrations = scripts.stream().map(s -> new Migration(s.version(), s.description(), s.name(),
                FamilyIndex.checksum(s.runText()), s.transactional())).toList();
        return new FamilyIndex(request.family(), request.artifact(), request.artifactVersion(), tables,
                new TreeSet<>(request.requires()), migrations);
    }

    private void apply(DataSource dataSource, SchemaCatalog catalog, Set<String> families) {
        try {
            Migrator.using(dataSource).withCatalog(catalog).withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().schema(BUILD_SCHEMA).families(families).build())
                    .apply();
        } catch (SchemaRegistryException e) {
            throw new BuildFailure("Family '" + request.family() + "' (" + request.sqlDirectory() + "): " + e.getMessage(), e);
        }
    }

    /** The tables the family's migrations created (partitions left out), checked against the declared ones. */
    private Set<String> createdTables(SchemaObjects owned) {
        Set<String> created = new TreeSet<>(owned.tables());
        if (created.isEmpty()) {
            throw new BuildFailure("Family '" + request.family() + "': its migrations create no table");
        }
        if (!request.declaredTables().isEmpty() && !created.equals(new TreeSet<>(request.declaredTables()))) {
            throw new BuildFailure("Family '" + request.family() + "' declares tables " + new TreeSet<>(request.declaredTables())
                    + " but its migrations create " + created + ": make <tables> match the migrations (or leave it out)");
        }
        return created;
    }

    /**
     * Runs every script again, as on a database the old scripts made or a second run would see: it
     * must not fail, and must leave the schema exactly as it was, and every table with the same rows
     * count and the same identity (not dropped and created again).
     */
    private void applyAgain(Connection connection, List<MigrationScript> scripts, SchemaSnapshot expected)
            throws SQLException {
        SecondRun run = SecondRun.start(connection, BUILD_SCHEMA);
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SET search_path TO " + Identifiers.quote(BUILD_SCHEMA));
            for (MigrationScript script : scripts) {
                if (script.transactional()) {
                    connection.setAutoCommit(false);
                }
                for (SqlStatement sql : script.statements()) {
                    String location = request.sqlDirectory().resolve(script.name()) + ":" + sql.line();
                    try {
                        statement.execute(sql.text());
                    } catch (SQLException e) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                        throw new BuildFailure(location + ": not idempotent: running the script a second time fails: "
                                + e.getMessage() + " [SQLSTATE " + e.getSQLState() + "]");
                    }
                    run.statementRan(location);
                }
                if (script.transactional()) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
        }
        List<String> problems = new ArrayList<>(run.problems());
        List<Drift> differences = expected.drift(SchemaSnapshot.take(connection, BUILD_SCHEMA, expected.objects()));
        if (!differences.isEmpty()) {
            problems.add("running its scripts a second time changed the schema (expected: after the first run; found:"
                    + " after the second):\n    " + differences.stream().map(Drift::describe)
                    .collect(Collectors.joining("\n    ")));
        }
        if (!problems.isEmpty()) {
            throw new BuildFailure("Family '" + request.family() + "' is not idempotent:\n  " + String.join("\n  ", problems));
        }
    }

    private String writeOutputs(List<MigrationScript> scripts, FamilyIndex index, SchemaSnapshot snapshot,
            Map<Integer, SchemaSnapshot> versionSnapshots) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        scripts.forEach(script -> texts.put(script.name(), script.runText()));
        FamilyArchive.of(request.sqlDirectory().toString(), index, texts, snapshot, versionSnapshots)
                .writeTo(request.resourceDirectory());

        String simpleName = providerName(request.family());
        String provider = request.packageName() + "." + simpleName;
        Path services = request.resourceDirectory().resolve(FamilyLayout.SERVICES);
        write(services, provider + "\n");
        Path source = request.sourceDirectory().resolve(request.packageName().replace('.', '/')).resolve(simpleName + ".java");
        write(source, "package " + request.packageName() + ";\n\n"
                + "import io.kubernaut.schema.migrator.spi.IndexedSchemaModule;\n\n"
                + "/**\n"
                + " * The table family {@code " + request.family() + "}: tables " + String.join(", ", index.tables()) + ".\n"
                + " * Generated by the schema Maven plugin from the family's SQL; found by ServiceLoader.\n"
                + " */\n"
                + "public final class " + simpleName + " extends IndexedSchemaModule {\n\n"
                + "    /** The family's name. */\n"
                + "    public static final String FAMILY = \"" + request.family() + "\";\n\n"
                + "    /** Reads the family's index from this jar. */\n"
                + "    public " + simpleName + "() {\n"
                + "        super(FAMILY);\n"
                + "    }\n"
                + "}\n");
        Path binding = source.resolveSibling(JooqGeneration.INET_BINDING + ".java");
        if (request.jooqDirectory() != null && hasInetColumn(snapshot)) {
            write(binding, InetBinding.source(request.packageName()));
        } else {
            Files.deleteIfExists(binding);
        }
        return provider;
    }

    private static boolean hasInetColumn(SchemaSnapshot snapshot) {
        return snapshot.entries().entrySet().stream()
                .anyMatch(entry -> entry.getKey().startsWith("column\t") && entry.getValue().startsWith("inet "));
    }

    /** audit_events becomes AuditEventsSchemaModule. */
    static String providerName(String family) {
        StringBuilder name = new StringBuilder();
        for (String part : family.split("_")) {
            if (!part.isEmpty()) {
                name.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return name + "SchemaModule";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
