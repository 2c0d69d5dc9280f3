package io.kubernaut.schema.resolver;

import io.kubernaut.schema.resolver.internal.Resolution;
import io.kubernaut.schema.resolver.internal.ResolverConfig;
import io.kubernaut.schema.resolver.internal.Urls;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Resolves table families by Maven coordinates with Maven Resolver, for tools that are not Maven
 * builds: the artifacts asked for (and every family a BOM lists) with their runtime dependencies,
 * from the local repository, the repositories given, and Maven Central.
 * <pre>
 * try (ResolvedFamilies families = FamilyResolver.builder()
 *         .remoteRepository("https://repo.example.com/maven2/")
 *         .build()
 *         .resolve(List.of("io.kubernaut.schema:schema-audit-events:0.1.0"), List.of())) {
 *     Migrator.using(dataSource).withCatalog(families.catalog()).apply();
 * }
 * </pre>
 *
 * <p>As Maven does: the user's {@code ~/.m2/settings.xml} (or {@link Builder#settings}) gives the
 * local repository, mirrors, server credentials (decrypted with {@code settings-security.xml}),
 * proxies, offline mode and the repositories of active profiles. Unlike Maven's defaults: a download
 * that does not match its checksum always fails; a missing or broken pom fails instead of leaving its
 * dependencies out; repositories declared inside dependencies' poms are not searched; and what was
 * not found is looked for again on the next run instead of being remembered as missing for a day.
 * The artifact {@code io.kubernaut.schema:migrator-core} is never resolved: the caller's own is used
 * (see {@link ResolvedFamilies#loader(ClassLoader)}).
 *
 * <p>Instances are immutable and thread-safe; each resolution opens and closes its own Maven Resolver
 * session.
 *
 * @since 0.1.0
 */
public final class FamilyResolver {

    /** Maven Central's URL. */
    public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";
    /** Maven Central's repository id, which settings.xml mirrors and servers refer to. */
    public static final String CENTRAL_ID = "central";

    private final ResolverConfig config;

    private FamilyResolver(ResolverConfig config) {
        this.config = config;
    }

    /** A builder: the user's local repository and settings, Maven Central, online, no progress output. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves families and their runtime dependencies.
     *
     * @param artifacts coordinates {@code groupId:artifactId:version} of family artifacts; each must contain a family
     * @param boms      coordinates of BOMs: every family in their {@code dependencyManagement} is resolved at its
     *                  managed version (entries without a family are skipped), and their versions also apply to
     *                  the families' dependencies
     * @return the resolved jars; at least one family among them
     * @throws UnknownArtifactException        when an artifact is in none of the repositories (naming them)
     * @throws NoFamilyException               when an artifact holds no family, or a BOM lists none
     * @throws RepositoryUnavailableException  when a repository cannot be reached or refuses the credentials
     * @throws CorruptedArtifactException      when a download does not match its checksum
     * @throws FamilyResolutionException       for invalid coordinates, or nothing to resolve
     */
    public ResolvedFamilies resolve(List<String> artifacts, List<String> boms) {
        return new ResolvedFamilies(Resolution.resolve(config, List.copyOf(artifacts), List.copyOf(boms)));
    }

    /** {@link #resolve(List, List)} without BOMs. */
    public ResolvedFamilies resolve(String... artifacts) {
        return resolve(Arrays.asList(artifacts), List.of());
    }

    /**
     * The versions of an artifact the repositories have (from their {@code maven-metadata.xml}), oldest
     * first, for example to find a family's previous release.
     *
     * @param groupAndArtifact {@code groupId:artifactId}
     * @throws RepositoryUnavailableException when a repository cannot be reached
     */
    public List<String> versions(String groupAndArtifact) {
        return Resolution.versions(config, groupAndArtifact);
    }

    @Override
    public String toString() {
        return "FamilyResolver[repositories="
                + config.repositories().stream().map(r -> r.id() + " (" + Urls.withoutUserInfo(r.url()) + ")").toList()
                + (config.central() ? " + central" : "") + (config.offline() ? ", offline" : "")
                + (config.localRepository() != null ? ", local " + config.localRepository() : "")
                + (config.settingsFile() != null ? ", settings " + config.settingsFile() : "") + "]";
    }

    /**
     * Configures a {@link FamilyResolver}. Not thread-safe; {@link #build()} copies what it holds.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private Path localRepository;
        private final List<ResolverConfig.Repository> repositories = new ArrayList<>();
        private boolean central = true;
        private boolean offline;
        private Path settings;
        private Path userHome = Path.of(System.getProperty("user.home"));
        private Consumer<String> progress = line -> { };

        private Builder() {
        }

        /** The local repository (default: settings.xml's {@code <localRepository>}, else {@code ~/.m2/repository}). */
        public Builder localRepository(Path directory) {
            this.localRepository = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * A repository to search, before Central and in the order added, with the id {@code repo-<n>}
         * (n counting from 1).
         *
         * @param url {@code file:}, {@code http:} or {@code https:}
         * @throws FamilyResolutionException when {@code url} is not such a URL
         */
        public Builder remoteRepository(String url) {
            return remoteRepository("repo-" + (repositories.size() + 1), url);
        }

        /**
         * A repository to search, before Central and in the order added.
         *
         * @param id  its id: a settings.xml {@code <server>} with this id gives its credentials, and
         *            {@code <mirrorOf>} patterns match it
         * @param url {@code file:}, {@code http:} or {@code https:}
         * @throws FamilyResolutionException when {@code url} is not such a URL or {@code id} is blank
         */
        public Builder remoteRepository(String id, String url) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
            if (id.isBlank() || id.contains(",") || id.contains(" ")) {
                throw new FamilyResolutionException(null, "'" + id + "' is not a repository id: use letters, digits, '-', '.'");
            }
            repositories.add(new ResolverConfig.Repository(id, checkUrl(url)));
            return this;
        }

        /** Whether Maven Central is searched, after the other repositories (default: true). */
        public Builder central(boolean central) {
            this.central = central;
            return this;
        }

        /**
         * No network (default: false, unless settings.xml says {@code <offline>true</offline>}): only the
         * local repository and {@code file:} repositories are used.
         */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The settings.xml to use; it must exist (default: {@code ~/.m2/settings.xml} when it exists). */
        public Builder settings(Path file) {
            this.settings = Objects.requireNonNull(file, "file");
            return this;
        }

        /** The home directory that holds {@code .m2} (default: the {@code user.home} system property). */
        public Builder userHome(Path directory) {
            this.userHome = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Receives one line per file downloaded ({@code downloaded io/x/y/1.0/y-1.0.jar (12 kB) from
         * central (https://...)}) and warnings about the settings ({@code warning: ...}); nothing for what
         * the local repository already has. Default: nowhere.
         */
        public Builder progress(Consumer<String> lines) {
            this.progress = Objects.requireNonNull(lines, "lines");
            return this;
        }

        /** {@link #progress(Consumer)} printing each line to {@code stream} (use stderr for a CLI). */
        public Builder progress(PrintStream stream) {
            Objects.requireNonNull(stream, "stream");
            return progress(stream::println);
        }

        public FamilyResolver build() {
            return new FamilyResolver(new ResolverConfig(localRepository, repositories, central, offline, settings,
                    userHome, progress));
        }

        private static String checkUrl(String url) {
            try {
                String scheme = new URI(url).getScheme();
                if (scheme != null && List.of("file", "http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
                    return url;
                }
            } catch (URISyntaxException e) {
                // Reported below.
            }
            throw new FamilyResolutionException(null, "'" + url + "' is not a repository URL; expected file:///path,"
                    + " http://host/path or https://host/path");
        }
    }
}
