package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.IndexedSchemaModule;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real family jars for tests, laid out exactly as the schema Maven plugin lays them out: the
 * scripts and index under {@code META-INF/schema-registry/<family>/}, a compiled provider class and
 * its {@code META-INF/services} entry, and optionally the schema snapshot. Faults (a script missing, a
 * wrong checksum) can be built in.
 */
public final class FamilyJar {

    private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__(.+)\\.sql");
    private static final Map<String, byte[]> COMPILED = new ConcurrentHashMap<>();

    private final String family;
    private String version = "1.0.0";
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> requires = new LinkedHashSet<>();
    private final Map<String, String> scripts = new LinkedHashMap<>();
    private final Set<String> nonTransactional = new LinkedHashSet<>();
    private final Set<String> missingScripts = new LinkedHashSet<>();
    private final Set<String> wrongChecksums = new LinkedHashSet<>();
    private String providerClass;
    private String snapshot;
    private boolean takeSnapshot;
    private final Map<Integer, String> versionSnapshots = new LinkedHashMap<>();

    private FamilyJar(String family) {
        this.family = family;
    }

    /** A family called {@code name} owning a table of the same name, unless {@link #tables} says otherwise. */
    public static FamilyJar family(String name) {
        return new FamilyJar(name);
    }

    public FamilyJar version(String version) {
        this.version = version;
        return this;
    }

    public FamilyJar tables(String... tables) {
        this.tables.addAll(Arrays.asList(tables));
        return this;
    }

    public FamilyJar requires(String... families) {
        this.requires.addAll(Arrays.asList(families));
        return this;
    }

    /** A migration; {@code script} is named {@code V<n>__<description>.sql}. */
    public FamilyJar migration(String script, String sql) {
        if (!SCRIPT.matcher(script).matches()) {
            throw new IllegalArgumentException("Script names look like V1__create_x.sql, not " + script);
        }
        scripts.put(script, sql);
        return this;
    }

    /**
     * The provider's class name; by default {@code fixtures.<family>.Provider}, so two jars of one
     * family list the same provider (what two versions of one artifact do). A different name makes a
     * second, distinct provider class claim the family.
     */
    public FamilyJar providerClass(String className) {
        this.providerClass = className;
        return this;
    }

    /** Marks {@code script} as not transactional. */
    public FamilyJar nonTransactional(String script) {
        nonTransactional.add(script);
        return this;
    }

    /** Lists {@code script} in the index but leaves the file out of the jar. */
    public FamilyJar withoutScriptFile(String script) {
        missingScripts.add(script);
        return this;
    }

    /** Writes a checksum into the index that does not match {@code script}. */
    public FamilyJar withWrongChecksum(String script) {
        wrongChecksums.add(script);
        return this;
    }

    /** Ships {@code text} as the family's schema snapshot ({@code snapshot.txt}), whatever the scripts make. */
    public FamilyJar snapshot(String text) {
        this.snapshot = text;
        this.takeSnapshot = false;
        return this;
    }

    /** Ships {@code text} as the snapshot of the schema after migrations 1 to {@code version} ({@code snapshots/<version>.txt}). */
    public FamilyJar snapshot(int version, String text) {
        versionSnapshots.put(version, text);
        return this;
    }

    /**
     * Ships the snapshots the schema Maven plugin would: {@link #writeTo} applies the family (which must
     * require no other) to a fresh database of {@link TestPostgres} in a schema of its own, one version
     * at a time, and takes the snapshot of its tables from PostgreSQL's catalog after each (the latest
     * as {@code snapshot.txt}, the others as {@code snapshots/<version>.txt}).
     */
    public FamilyJar withSnapshot() {
        this.takeSnapshot = true;
        this.snapshot = null;
        return this;
    }

    /** The index this jar holds. */
    public FamilyIndex index() {
        List<Migration> migrations = new ArrayList<>();
        scripts.forEach((script, sql) -> {
            Matcher matcher = SCRIPT.matcher(script);
            matcher.matches();
            String checksum = wrongChecksums.contains(script) ? FamilyIndex.checksum(sql + "\n-- edited") : FamilyIndex.checksum(sql);
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '), script,
                    checksum, !nonTransactional.contains(script)));
        });
        migrations.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return new FamilyIndex(family, "io.kubernaut.schema.test:schema-" + family.replace('_', '-'), version,
                tables.isEmpty() ? Set.of(family) : tables, requires, migrations);
    }

    /** Writes the jar into {@code directory} as {@code <family>-<version>.jar} and returns it. */
    public Path writeTo(Path directory) {
        if (takeSnapshot) {
            Map<Integer, String> taken = takeSnapshots(directory);
            int latest = index().migrations().size();
            Map<Integer, String> explicit = new LinkedHashMap<>(versionSnapshots);
            taken.forEach((v, text) -> {
                if (v < latest) {
                    versionSnapshots.putIfAbsent(v, text);
                }
            });
            try {
                return write(directory, taken.get(latest));
            } finally {
                versionSnapshots.clear();
                versionSnapshots.putAll(explicit);
            }
        }
        return write(directory, snapshot);
    }

    /**
     * Applies the family as the plugin does (own database, a schema that is not public), one version at
     * a time, and snapshots its tables after each.
     */
    private Map<Integer, String> takeSnapshots(Path directory) {
        if (!requires.isEmpty()) {
            throw new IllegalStateException("withSnapshot() is for families that require no other; use snapshot(text)");
        }
        String schema = "family_snapshot";
        TestPostgres.Database database = TestPostgres.newDatabase();
        Map<Integer, String> snapshots = new LinkedHashMap<>();
        List<Migration> migrations = index().migrations();
        // What the family owns is what its migrations add to the schema, as the plugin finds it.
        SchemaObjects before;
        try (Connection connection = database.dataSource().getConnection()) {
            before = SchemaObjects.inSchema(connection, schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Set<String> grantees = new java.util.TreeSet<>();
        for (Migration migration : migrations) {
            grantees.addAll(SchemaObjects.granteesIn(scripts.get(migration.script())));
            FamilyJar upTo = family(family).version(version).tables(index().tables().toArray(String[]::new));
            upTo.providerClass = providerClass;
            scripts.forEach((script, sql) -> {
                Matcher matcher = SCRIPT.matcher(script);
                matcher.matches();
                if (Integer.parseInt(matcher.group(1)) <= migration.version()) {
                    upTo.migration(script, sql);
                    if (nonTransactional.contains(script)) {
                        upTo.nonTransactional(script);
                    }
                }
            });
            Path scratch = directory.resolve(".snapshot-" + family + "-" + version + "-" + migration.version());
            Path jar = upTo.write(scratch, null);
            try (URLClassLoader loader = loaderOf(jar)) {
                Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(loader))
                        .withListener(MigrationListener.silent())
                        .withConfig(MigrationConfig.builder().schema(schema).families(family).build()).apply();
                try (Connection connection = database.dataSource().getConnection()) {
                    SchemaObjects owned = SchemaObjects.inSchema(connection, schema).minus(before).withGrantees(grantees);
                    snapshots.put(migration.version(), SchemaSnapshot.take(connection, schema, owned).write());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot take the snapshot of family " + family + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(jar);
                    Files.deleteIfExists(scratch);
                } catch (IOException ignored) {
                    // A temporary file in the test's directory.
                }
            }
        }
        return snapshots;
    }

    private Path write(Path directory, String snapshot) {
        String providerClass = this.providerClass != null ? this.providerClass : "fixtures." + family + ".Provider";
        Path jar = directory.resolve(family + "-" + version + ".jar");
        try {
            Files.createDirectories(directory);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                put(out, "META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule",
                        (providerClass + "\n").getBytes(StandardCharsets.UTF_8));
                put(out, providerClass.replace('.', '/') + ".class", compile(providerClass, family));
                put(out, FamilyLayout.indexPath(family), index().write().getBytes(StandardCharsets.UTF_8));
                if (snapshot != null) {
                    put(out, FamilyLayout.snapshotPath(family), snapshot.getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<Integer, String> versionSnapshot : versionSnapshots.entrySet()) {
                    put(out, FamilyLayout.snapshotPath(family, versionSnapshot.getKey()),
                            versionSnapshot.getValue().getBytes(StandardCharsets.UTF_8));
                }
                for (Map.Entry<String, String> script : scripts.entrySet()) {
                    if (!missingScripts.contains(script.getKey())) {
                        put(out, FamilyLayout.scriptPath(family, script.getKey()),
                                script.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** A class loader over {@code jars} whose parent has migrator-core, as a service's would. */
    public static URLClassLoader loaderOf(Path... jars) {
        URL[] urls = Arrays.stream(jars).map(FamilyJar::url).toArray(URL[]::new);
        return new URLClassLoader(urls, FamilyJar.class.getClassLoader());
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void put(OutputStream out, String name, byte[] bytes) throws IOException {
        JarOutputStream jar = (JarOutputStream) out;
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    private static byte[] compile(String className, String family) {
        return COMPILED.computeIfAbsent(className + "/" + family, key -> {
            Path work = null;
            try {
                work = Files.createTempDirectory("family-provider");
                String simpleName = className.substring(className.lastIndexOf('.') + 1);
                String packageName = className.substring(0, className.lastIndexOf('.'));
                Path source = work.resolve(simpleName + ".java");
                Files.writeString(source, "package " + packageName + ";\n"
                        + "public final class " + simpleName + " extends " + IndexedSchemaModule.class.getName() + " {\n"
                        + "    public " + simpleName + "() { super(\"" + family + "\"); }\n}\n");
                String classpath = Path.of(IndexedSchemaModule.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                int status = javac.run(null, null, null, "-classpath", classpath, "-d", work.toString(), source.toString());
                if (status != 0) {
                    throw new IllegalStateException("javac failed for the provider of " + family);
                }
                return Files.readAllBytes(work.resolve(className.replace('.', '/') + ".class"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            } finally {
                deleteQuietly(work);
            }
        });
    }

    /** The compiler's scratch directory goes once the class is read: suites compile hundreds of providers. */
    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A scratch directory left in java.io.tmpdir.
        }
    }
}
