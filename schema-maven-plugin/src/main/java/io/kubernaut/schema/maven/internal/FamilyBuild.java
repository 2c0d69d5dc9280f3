package io.kubernaut.schema.maven.internal;

import io.kubernaut.schema.migrator.Defaults;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.migrator.internal.FamilyArchive;
import io.kubernaut.schema.migrator.internal.Identifiers;
import io.kubernaut.schema.migrator.internal.SchemaSnapshot;
import io.kubernaut.schema.migrator.internal.SqlScript;
import io.kubernaut.schema.migrator.internal.SqlStatement;
import io.kubernaut.schema.migrator.spi.FamilyIndex;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
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
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Builds one table family from its SQL: lint, apply (with the families it requires) to a fresh
 * database with migrator-core, run every script a second time and check the schema did not change,
 * take the schema snapshot, generate the jOOQ classes, and write the jar's resources (scripts, index,
 * snapshot, services entry) and the provider's source.
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
     */
    public record Request(String family, String artifact, String artifactVersion, Set<String> declaredTables,
            Set<String> requires, String packageName, Path sqlDirectory, Path resourceDirectory, Path sourceDirectory,
            Path jooqDirectory, SchemaCatalog dependencies) {

        public Request {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(packageName, "packageName");
            declaredTables = Set.copyOf(declaredTables);
            requires = Set.copyOf(requires);
        }
    }

    /**
     * What was built.
     *
     * @param index    the family's index
     * @param provider the provider's class name
     * @param millis   how long the build took
     */
    public record Result(FamilyIndex index, String provider, long millis) {
    }

    private final Request request;
    private final PostgresServer server;

    public FamilyBuild(Request request, PostgresServer server) {
        this.request = request;
        this.server = server;
    }

    public Result run() throws IOException {
        long started = System.nanoTime();
        List<ScriptFile> scripts = ScriptFiles.read(request.sqlDirectory());
        lint(scripts);
        FamilyIndex provisional = index(scripts, request.declaredTables().isEmpty() ? Set.of(request.family())
                : request.declaredTables());
        String database = "schema_build_" + request.family() + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.createDatabase(database, null);
        FamilyIndex index;
        SchemaSnapshot snapshot;
        try {
            DataSource dataSource = server.dataSource(database);
            SchemaModule source = sources(provisional, scripts);
            List<SchemaModule> modules = new ArrayList<>(request.dependencies().families());
            modules.removeIf(m -> m.name().equals(request.family()));
            modules.add(source);
            apply(dataSource, SchemaCatalog.of(modules));
            try (Connection connection = dataSource.getConnection()) {
                Set<String> tables = createdTables(connection, modules);
                index = index(scripts, tables);
                snapshot = SchemaSnapshot.take(connection, BUILD_SCHEMA, tables);
                applyAgain(connection, scripts, snapshot, tables);
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
        String provider = writeOutputs(scripts, index, snapshot);
        return new Result(index, provider, (System.nanoTime() - started) / 1_000_000);
    }

    /** The family as its sources describe it, for migrator-core to apply before its provider class exists. */
    private SchemaModule sources(FamilyIndex index, List<ScriptFile> scripts) {
        Map<String, String> texts = new LinkedHashMap<>();
        scripts.forEach(script -> texts.put(script.name(), script.text()));
        return FamilyArchive.of(request.sqlDirectory().toString(), index, texts, null);
    }

    private void lint(List<ScriptFile> scripts) {
        List<String> violations = scripts.stream().flatMap(s -> IdempotencyLint.check(s).stream())
                .map(v -> request.sqlDirectory().resolve(v.script()) + ":" + v.line() + ": " + v.problem())
                .toList();
        if (!violations.isEmpty()) {
            throw new BuildFailure("Family '" + request.family() + "' has SQL that is not idempotent:\n  "
                    + String.join("\n  ", violations));
        }
    }

    private FamilyIndex index(List<ScriptFile> scripts, Set<String> tables) {
        List<Migration> migrations = scripts.stream().map(s -> new Migration(s.version(), s.description(), s.name(),
                FamilyIndex.checksum(s.text()), s.transactional())).toList();
        return new FamilyIndex(request.family(), request.artifact(), request.artifactVersion(), tables,
                new TreeSet<>(request.requires()), migrations);
    }

    private void apply(DataSource dataSource, SchemaCatalog catalog) {
        try {
            Migrator.using(dataSource).withCatalog(catalog).withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().schema(BUILD_SCHEMA).families(request.family()).build())
                    .apply();
        } catch (SchemaRegistryException e) {
            throw new BuildFailure("Family '" + request.family() + "' (" + request.sqlDirectory() + "): " + e.getMessage(), e);
        }
    }

    /** The tables the family's migrations created: every table of the schema but the history and the required families'. */
    private Set<String> createdTables(Connection connection, List<SchemaModule> modules) throws SQLException {
        Set<String> others = new TreeSet<>();
        others.add(Defaults.HISTORY_TABLE);
        modules.stream().filter(m -> !m.name().equals(request.family())).forEach(m -> others.addAll(m.tables()));
        Set<String> created = new TreeSet<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition")) {
            statement.setString(1, BUILD_SCHEMA);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (!others.contains(result.getString(1))) {
                        created.add(result.getString(1));
                    }
                }
            }
        }
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
     * must not fail, and must leave the schema exactly as it was.
     */
    private void applyAgain(Connection connection, List<ScriptFile> scripts, SchemaSnapshot expected, Set<String> tables)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setEscapeProcessing(false);
            statement.execute("SET search_path TO " + Identifiers.quote(BUILD_SCHEMA));
            for (ScriptFile script : scripts) {
                if (script.transactional()) {
                    connection.setAutoCommit(false);
                }
                for (SqlStatement sql : SqlScript.parse(script.text())) {
                    try {
                        statement.execute(sql.text());
                    } catch (SQLException e) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                        throw new BuildFailure(request.sqlDirectory().resolve(script.name()) + ":" + sql.line()
                                + ": not idempotent: running the script a second time fails: " + e.getMessage()
                                + " [SQLSTATE " + e.getSQLState() + "]");
                    }
                }
                if (script.transactional()) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
        }
        List<SchemaSnapshot.Difference> differences = expected.compare(SchemaSnapshot.take(connection, BUILD_SCHEMA, tables));
        if (!differences.isEmpty()) {
            throw new BuildFailure("Family '" + request.family() + "' is not idempotent: running its scripts a second time"
                    + " changed the schema:\n  " + differences.stream().map(SchemaSnapshot.Difference::describe)
                            .collect(Collectors.joining("\n  ")));
        }
    }

    private String writeOutputs(List<ScriptFile> scripts, FamilyIndex index, SchemaSnapshot snapshot) throws IOException {
        Path familyDirectory = request.resourceDirectory().resolve(FamilyIndex.ROOT + request.family());
        deleteContents(familyDirectory);
        Files.createDirectories(familyDirectory);
        for (ScriptFile script : scripts) {
            write(familyDirectory.resolve(script.name()), script.text());
        }
        write(familyDirectory.resolve("index.properties"), index.write());
        write(familyDirectory.resolve("snapshot.txt"), snapshot.write());

        String simpleName = providerName(request.family());
        String provider = request.packageName() + "." + simpleName;
        Path services = request.resourceDirectory().resolve("META-INF/services/" + SchemaModule.class.getName());
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

    private static void deleteContents(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }
}
