package io.kubernaut.schema.resolver.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What {@link io.kubernaut.schema.resolver.FamilyResolver.Builder} collected.
 *
 * @param localRepository the local repository; null for settings.xml's, else {@code userHome/.m2/repository}
 * @param repositories    the repositories asked for, searched in this order, before Central
 * @param central         whether Maven Central is searched (last)
 * @param offline         no network: only the local repository and file:// repositories
 * @param settingsFile    the settings.xml; null for {@code userHome/.m2/settings.xml} when it exists
 * @param userHome        where {@code .m2} is
 * @param progress        receives one line per download, and warnings
 */
public record ResolverConfig(Path localRepository, List<Repository> repositories, boolean central, boolean offline,
        Path settingsFile, Path userHome, Consumer<String> progress) {

    public ResolverConfig {
        repositories = List.copyOf(repositories);
        Objects.requireNonNull(userHome, "userHome");
        Objects.requireNonNull(progress, "progress");
    }

    /**
     * A repository asked for.
     *
     * @param id  its id: settings.xml's {@code <server>} with this id gives its credentials, mirrors match it
     * @param url its URL: {@code file:}, {@code http:} or {@code https:}
     */
    public record Repository(String id, String url) {

        public Repository {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
        }
    }
}
