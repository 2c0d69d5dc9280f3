package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.benchmarks.Workload.Family;
import io.kubernaut.schema.benchmarks.Workload.Script;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.spi.IndexedSchemaModule;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Writes a workload in the form each tool reads, with the same script text everywhere:
 * <ul>
 * <li>{@code jars/}: one family jar per family, laid out as the schema Maven plugin lays it out (scripts
 *     and {@code index.properties} under {@code META-INF/schema-registry/<family>/}, a compiled provider,
 *     its {@code META-INF/services} entry), for this project;</li>
 * <li>{@code sequence/V<n>__<family>_<description>.sql}: every script in one sequence, versions 1..n
 *     across all families in application order, read from disk by plain JDBC, and packed for Flyway as
 *     {@code classpath/flyway-sequence.jar} under {@code db/migration/};</li>
 * <li>{@code families/<family>/V<v>__<description>.sql}: one folder per family, packed for one Flyway per
 *     family as {@code classpath/flyway-<family>.jar} under {@code db/<family>/};</li>
 * <li>{@code liquibase/changelog.xml} including {@code liquibase/<family>.sql}, one formatted SQL changelog
 *     per family with one changeset per script (the script's text under a {@code --changeset} line),
 *     packed as {@code classpath/liquibase-changelog.jar} under {@code db/changelog/}.</li>
 * </ul>
 * Flyway, Liquibase and this project all read their scripts from jars on a class path, as a Java
 * service ships them (and as Flyway's default location, {@code classpath:db/migration}, expects).
 */
final class WorkloadFiles {

    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");

    private final Workload workload;
    private final Path root;
    private final List<Path> jars;

    private WorkloadFiles(Workload workload, Path root, List<Path> jars) {
        this.workload = workload;
        this.root = root;
        this.jars = jars;
    }

    /** Writes {@code workload} under {@code root} (created; expected empty); family jars only when {@code withJars}. */
    static WorkloadFiles write(Workload workload, Path root, boolean withJars) throws IOException {
        Files.createDirectories(root);
        writeSequence(workload, root.resolve("sequence"));
        writeFamilies(workload, root.resolve("families"));
        writeLiquibase(workload, root.resolve("liquibase"));
        pack(root.resolve("sequence"), "db/migration/", root.resolve("classpath/flyway-sequence.jar"));
        for (Family family : workload.families()) {
            pack(root.resolve("families").resolve(family.name()), "db/" + family.name() + "/",
                    root.resolve("classpath/flyway-" + family.name() + ".jar"));
        }
        pack(root.resolve("liquibase"), "db/changelog/", root.resolve("classpath/liquibase-changelog.jar"));
        List<Path> jars = withJars ? writeJars(workload, root.resolve("jars")) : List.of();
        return new WorkloadFiles(workload, root, jars);
    }

    /** A jar of the files of {@code folder}, each under {@code prefix}: scripts as a Java service ships them. */
    private static void pack(Path folder, String prefix, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        List<Path> files;
        try (var listing = Files.list(folder)) {
            files = listing.sorted().toList();
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : files) {
                put(out, prefix + file.getFileName(), Files.readAllBytes(file));
            }
        }
    }

    /** Flyway, all scripts in one sequence: {@code db/migration/} (Flyway's default location) in one jar. */
    Path flywaySequenceJar() {
        return root.resolve("classpath/flyway-sequence.jar");
    }

    /** Flyway per family: one jar per family, its scripts in {@code db/<family>/}. */
    List<Path> flywayFamilyJars() {
        return workload.families().stream().map(f -> root.resolve("classpath/flyway-" + f.name() + ".jar")).toList();
    }

    /** Liquibase: {@code db/changelog/changelog.xml} and the families' changelogs beside it, in one jar. */
    Path liquibaseJar() {
        return root.resolve("classpath/liquibase-changelog.jar");
    }

    /** Writes only the family jars of {@code workload} into {@code directory}. */
    static List<Path> writeJars(Workload workload, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path classes = compileProviders(workload, directory.resolve(".classes"));
        List<Path> jars = new ArrayList<>();
        for (Family family : workload.families()) {
            jars.add(writeJar(family, classes, directory));
        }
        return List.copyOf(jars);
    }

    Workload workload() {
        return workload;
    }

    Path sequence() {
        return root.resolve("sequence");
    }

    List<Path> jars() {
        return jars;
    }

    /**
     * A class loader over the family jars whose parent has migrator-core but no other family, as a
     * service's class path.
     */
    URLClassLoader newLoader() {
        return loaderOf(jars);
    }

    static URLClassLoader loaderOf(List<Path> jars) {
        URL[] urls = jars.stream().map(WorkloadFiles::url).toArray(URL[]::new);
        return new URLClassLoader(urls, new FamilyOnlyLoader(WorkloadFiles.class.getClassLoader()));
    }

    private static void writeSequence(Workload workload, Path directory) throws IOException {
        Files.createDirectories(directory);
        int version = 0;
        for (Family family : workload.families()) {
            for (Script script : family.scripts()) {
                version++;
                String file = "V" + version + "__" + family.name() + "_" + script.file().substring(script.file().indexOf("__") + 2);
                Files.writeString(directory.resolve(file), script.sql(), StandardCharsets.UTF_8);
            }
        }
    }

    private static void writeFamilies(Workload workload, Path directory) throws IOException {
        for (Family family : workload.families()) {
            Path folder = Files.createDirectories(directory.resolve(family.name()));
            for (Script script : family.scripts()) {
                Files.writeString(folder.resolve(script.file()), script.sql(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * A root changelog including one formatted SQL changelog per family, in application order, as
     * Liquibase's documentation recommends for a changelog made of parts. The changeset's SQL is the
     * script's text. Liquibase splits it into statements on {@code ;}, which breaks dollar-quoted
     * bodies with a tag ({@code $fn$ ... ; ... $fn$}: "Unterminated dollar quote"); for such procedural
     * code its documentation says {@code splitStatements:false}, and the changeset then goes to the
     * driver as one text, which pgjdbc splits correctly.
     */
    private static void writeLiquibase(Workload workload, Path directory) throws IOException {
        Files.createDirectories(directory);
        StringBuilder root = new StringBuilder();
        root.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"\n")
                .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("    xsi:schemaLocation=\"http://www.liquibase.org/xml/ns/dbchangelog")
                .append(" http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd\">\n");
        for (Family family : workload.families()) {
            StringBuilder changelog = new StringBuilder("-- liquibase formatted sql\n");
            for (Script script : family.scripts()) {
                changelog.append("\n-- changeset schema-registry:").append(family.name()).append("-V").append(script.version());
                if (DOLLAR_QUOTE.matcher(script.sql()).find()) {
                    changelog.append(" splitStatements:false");
                }
                changelog.append('\n').append(script.sql());
                if (!script.sql().endsWith("\n")) {
                    changelog.append('\n');
                }
            }
            Files.writeString(directory.resolve(family.name() + ".sql"), changelog.toString(), StandardCharsets.UTF_8);
            root.append("    <include file=\"").append(family.name()).append(".sql\" relativeToChangelogFile=\"true\"/>\n");
        }
        root.append("</databaseChangeLog>\n");
        Files.writeString(directory.resolve("changelog.xml"), root.toString(), StandardCharsets.UTF_8);
    }

    private static String providerClass(Family family) {
        return "bench." + family.name() + ".Provider";
    }

    /** Compiles every family's provider class in one javac run (one run per class takes minutes for 1,000). */
    private static Path compileProviders(Workload workload, Path classes) throws IOException {
        Path sources = Files.createDirectories(classes.resolveSibling(".sources"));
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-nowarn", "-classpath", classPathOfCore(), "-d", classes.toString()));
        for (Family family : workload.families()) {
            Path source = Files.createDirectories(sources.resolve("bench").resolve(family.name())).resolve("Provider.java");
            Files.writeString(source, "package bench." + family.name() + ";\n"
                    + "public final class Provider extends " + IndexedSchemaModule.class.getName() + " {\n"
                    + "    public Provider() { super(\"" + family.name() + "\"); }\n}\n");
            arguments.add(source.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("The generated workload compiles its families' provider classes: run the"
                    + " harness with a JDK, not a JRE");
        }
        Path argumentFile = sources.resolve("javac.args");
        Files.write(argumentFile, arguments);
        int status = javac.run(null, null, null, "@" + argumentFile);
        if (status != 0) {
            throw new IllegalStateException("javac failed on the generated providers in " + sources);
        }
        return classes;
    }

    private static String classPathOfCore() {
        try {
            return Path.of(IndexedSchemaModule.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code family} as its jar holds it (index and scripts), in memory. */
    static FamilyArchive archive(Family family) {
        List<Migration> migrations = new ArrayList<>();
        Map<String, String> scripts = new LinkedHashMap<>();
        for (Script script : family.scripts()) {
            migrations.add(new Migration(script.version(), script.description(), script.file(),
                    FamilyIndex.checksum(script.sql()), true));
            scripts.put(script.file(), script.sql());
        }
        FamilyIndex index = new FamilyIndex(family.name(), "io.kubernaut.schema.bench:schema-" + family.name().replace('_', '-'),
                "1.0.0", family.tables(), family.requires(), migrations);
        return FamilyArchive.of(family.name(), index, scripts, null);
    }

    private static Path writeJar(Family family, Path classes, Path directory) throws IOException {
        FamilyIndex index = archive(family).index();
        String provider = providerClass(family);
        Path jar = directory.resolve(family.name() + "-1.0.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, FamilyLayout.SERVICES, (provider + "\n").getBytes(StandardCharsets.UTF_8));
            String classFile = provider.replace('.', '/') + ".class";
            put(out, classFile, Files.readAllBytes(classes.resolve(classFile)));
            put(out, FamilyLayout.indexPath(family.name()), index.write().getBytes(StandardCharsets.UTF_8));
            for (Script script : family.scripts()) {
                put(out, FamilyLayout.scriptPath(family.name(), script.file()), script.sql().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
