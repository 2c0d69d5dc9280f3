package io.kubernaut.schema.resolver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * A Maven repository in a directory, built during a test, as {@code mvn deploy} to a {@code file://}
 * URL would leave it: files in the standard layout, {@code .sha1} and {@code .md5} next to each, and
 * a {@code maven-metadata.xml} per artifact listing its versions. Faults can be made on purpose
 * ({@link #corruptChecksum}).
 */
public final class TestRepository {

    private static Path projectFamilies;

    private final Path root;

    private TestRepository(Path root) {
        this.root = root;
    }

    /** A repository in {@code directory} (created if absent). */
    public static TestRepository in(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestRepository(directory.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** The repository's {@code file:} URL. */
    public String url() {
        return root.toUri().toString();
    }

    /** Deploys {@code jar} and {@code pom} as {@code groupId:artifactId:version}. */
    public TestRepository deploy(String coordinates, Path jar, String pom) {
        try {
            deployFile(coordinates, "jar", Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deployPom(coordinates, pom);
    }

    /** Deploys a pom alone (a BOM, a parent). */
    public TestRepository deployPom(String coordinates, String pom) {
        return deployFile(coordinates, "pom", pom.getBytes(StandardCharsets.UTF_8));
    }

    /** Deploys one file of {@code groupId:artifactId:version} with its checksums, and lists the version. */
    public TestRepository deployFile(String coordinates, String extension, byte[] content) {
        Path file = path(coordinates, extension);
        write(file, content);
        writeChecksums(file);
        listVersion(coordinates);
        return this;
    }

    /** Replaces the {@code .sha1} of a deployed file with one that does not match it. */
    public TestRepository corruptChecksum(String coordinates, String extension) {
        Path sha1 = sibling(path(coordinates, extension), ".sha1");
        if (!Files.exists(sha1)) {
            throw new IllegalStateException("not deployed: " + coordinates + " (" + extension + ")");
        }
        write(sha1, "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** Where {@code groupId:artifactId:version}'s file with {@code extension} is (or would be). */
    public Path path(String coordinates, String extension) {
        String[] gav = split(coordinates);
        return root.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + "." + extension);
    }

    /**
     * A pom for {@code coordinates} with compile dependencies on {@code dependencies} (each
     * {@code groupId:artifactId:version}).
     */
    public static String pom(String coordinates, String... dependencies) {
        String[] gav = split(coordinates);
        StringBuilder xml = new StringBuilder(head(gav, "jar")).append("  <dependencies>\n");
        for (String dependency : dependencies) {
            xml.append(dependency(split(dependency), "    "));
        }
        return xml.append("  </dependencies>\n</project>\n").toString();
    }

    /** A BOM for {@code coordinates} managing {@code managed} (each {@code groupId:artifactId:version}). */
    public static String bom(String coordinates, String... managed) {
        String[] gav = split(coordinates);
        StringBuilder xml = new StringBuilder(head(gav, "pom")).append("  <dependencyManagement>\n    <dependencies>\n");
        for (String dependency : managed) {
            xml.append(dependency(split(dependency), "      "));
        }
        return xml.append("    </dependencies>\n  </dependencyManagement>\n</project>\n").toString();
    }

    /**
     * Deploys this project's families ({@code schema-audit-events}, {@code schema-workflows}) with the
     * poms they were built with and their parent, then everything they need at run time and to read
     * their poms (jOOQ and its dependencies, the BOMs the parent imports), copied from the build's local
     * repository: what publishing the project to a repository would provide. Nothing is downloaded.
     */
    public TestRepository withProjectFamilies() {
        Path template = projectFamilies();
        try (Stream<Path> files = Files.walk(template)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = root.resolve(template.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The project's families deployed once per JVM (copying the dependencies takes a second or two), then copied. */
    private static synchronized Path projectFamilies() {
        if (projectFamilies == null) {
            try {
                Path directory = Files.createTempDirectory("test-repository-project-families");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
                TestRepository.in(directory).deployProjectFamilies();
                projectFamilies = directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return projectFamilies;
    }

    private void deployProjectFamilies() {
        String version = ProjectArtifacts.version();
        try {
            deployPom(ProjectArtifacts.GROUP_ID + ":schema-parent:" + version, Files.readString(ProjectArtifacts.parentPom()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> families = List.of("schema-audit-events", "schema-workflows");
        for (String family : families) {
            Path jar = ProjectArtifacts.familyJar(family);
            deploy(ProjectArtifacts.coordinates(family), jar, pomInside(jar, family));
        }
        copyDependencies(families.stream().map(ProjectArtifacts::coordinates).toList());
    }

    /** The pom Maven packs into every jar it builds. */
    private static String pomInside(Path jar, String artifactId) {
        String entry = "META-INF/maven/" + ProjectArtifacts.GROUP_ID + "/" + artifactId + "/pom.xml";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry pom = zip.getEntry(entry);
            if (pom == null) {
                throw new IllegalStateException(jar + " has no " + entry);
            }
            try (InputStream in = zip.getInputStream(pom)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Resolves {@code coordinates} (without migrator-core, as the resolver does) from this repository
     * plus the build's local repository read as a file:// repository, into a throw-away local
     * repository, then copies every file that came from the build's repository in here.
     */
    private void copyDependencies(List<String> coordinates) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("test-repository-copy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RepositoryPolicy checked = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_ALWAYS,
                RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        RepositoryPolicy off = new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_NEVER,
                RepositoryPolicy.CHECKSUM_POLICY_IGNORE);
        // Installed artifacts in a local repository have no checksum files.
        RepositoryPolicy unchecked = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_NEVER,
                RepositoryPolicy.CHECKSUM_POLICY_IGNORE);
        List<RemoteRepository> repositories = List.of(
                new RemoteRepository.Builder("test", "default", url()).setPolicy(checked).build(),
                new RemoteRepository.Builder("build-local", "default", ProjectArtifacts.buildLocalRepository().toUri().toString())
                        .setReleasePolicy(unchecked).setSnapshotPolicy(off).build());
        try (RepositorySystem system = new RepositorySystemSupplier().get();
                CloseableSession session = new SessionBuilderSupplier(system).get()
                        .withLocalRepositoryBaseDirectories(scratch)
                        .setIgnoreArtifactDescriptorRepositories(true)
                        .build()) {
            CollectRequest collect = new CollectRequest();
            for (String c : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(c), JavaScopes.COMPILE, false,
                        List.of(new Exclusion(ProjectArtifacts.GROUP_ID, "migrator-core", "*", "*"))));
            }
            collect.setRepositories(repositories);
            system.resolveDependencies(session, new DependencyRequest(collect,
                    DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot copy the dependencies of " + coordinates
                    + " from the build's local repository " + ProjectArtifacts.buildLocalRepository(), e);
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!(name.endsWith(".jar") || name.endsWith(".pom"))) {
                    continue;
                }
                Path target = root.resolve(scratch.relativize(file).toString());
                if (!Files.exists(target)) {
                    write(target, Files.readAllBytes(file));
                    writeChecksums(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(scratch);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A temporary directory; the OS cleans up what is left.
        }
    }

    private void listVersion(String coordinates) {
        String[] gav = split(coordinates);
        Path metadata = root.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve("maven-metadata.xml");
        Set<String> versions = new TreeSet<>();
        try (Stream<Path> children = Files.list(metadata.getParent())) {
            children.filter(Files::isDirectory).forEach(d -> versions.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> sorted = new ArrayList<>(versions);
        String latest = sorted.get(sorted.size() - 1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(gav[0]).append("</groupId>\n")
                .append("  <artifactId>").append(gav[1]).append("</artifactId>\n")
                .append("  <versioning>\n    <latest>").append(latest).append("</latest>\n    <versions>\n");
        sorted.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n    <lastUpdated>20261127000000</lastUpdated>\n  </versioning>\n</metadata>\n");
        write(metadata, xml.toString().getBytes(StandardCharsets.UTF_8));
        writeChecksums(metadata);
    }

    private static String head(String[] gav, String packaging) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + gav[0] + "</groupId>\n  <artifactId>" + gav[1] + "</artifactId>\n"
                + "  <version>" + gav[2] + "</version>\n  <packaging>" + packaging + "</packaging>\n";
    }

    private static String dependency(String[] gav, String indent) {
        return indent + "<dependency>\n"
                + indent + "  <groupId>" + gav[0] + "</groupId>\n"
                + indent + "  <artifactId>" + gav[1] + "</artifactId>\n"
                + indent + "  <version>" + gav[2] + "</version>\n"
                + indent + "</dependency>\n";
    }

    private static String[] split(String coordinates) {
        String[] gav = coordinates.split(":");
        if (gav.length != 3) {
            throw new IllegalArgumentException("expected groupId:artifactId:version, was " + coordinates);
        }
        return gav;
    }

    private static void writeChecksums(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            write(sibling(file, ".sha1"), hex("SHA-1", content));
            write(sibling(file, ".md5"), hex("MD5", content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] hex(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
