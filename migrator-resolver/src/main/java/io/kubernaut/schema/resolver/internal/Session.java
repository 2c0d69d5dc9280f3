package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.resolver.FamilyResolver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactDescriptorPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.repository.SimpleArtifactDescriptorPolicy;

/**
 * A Maven Resolver system and session for one resolution, configured as a Maven user expects
 * (local repository, settings.xml mirrors, credentials and proxies) and as a registry must be (failing
 * checksums, strict poms, only the repositories named), closed after it.
 */
final class Session implements AutoCloseable {

    /** Configuration key of Resolver's offline controller: protocols still allowed when offline. */
    private static final String OFFLINE_PROTOCOLS = "aether.offline.protocols";

    final RepositorySystem system;
    final CloseableSession session;
    final List<RemoteRepository> repositories;
    final Path localRepository;
    final boolean offline;

    private Session(RepositorySystem system, CloseableSession session, List<RemoteRepository> repositories,
            Path localRepository, boolean offline) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
        this.localRepository = localRepository;
        this.offline = offline;
    }

    static Session open(ResolverConfig config) {
        MavenSettings settings = MavenSettings.read(config.settingsFile(), config.userHome());
        settings.warnings().forEach(warning -> config.progress().accept("warning: settings: " + warning));
        Path local = config.localRepository() != null ? config.localRepository()
                : settings.localRepository().orElse(config.userHome().resolve(".m2").resolve("repository"));
        boolean offline = config.offline() || settings.offline();
        RepositorySystem system = new RepositorySystemSupplier().get();
        try {
            CloseableSession session = new SessionBuilderSupplier(system).get()
                    .withLocalRepositoryBaseDirectories(local.toAbsolutePath())
                    .setOffline(offline)
                    // "Offline" means no network: file:// repositories (a directory on this machine) stay usable.
                    .setConfigProperty(OFFLINE_PROTOCOLS, "file")
                    // A download that does not match its checksum fails, whatever a repository's policy says.
                    .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
                    // Each run is an explicit request: look again for what was missing last time, instead of
                    // Maven's "was cached in the local repository, resolution will not be reattempted" for a day.
                    // Releases found locally are still never downloaded again.
                    .setUpdatePolicy(RepositoryPolicy.UPDATE_POLICY_ALWAYS)
                    // Only the repositories named here (and settings.xml's) are searched, never ones declared
                    // in some dependency's pom, so "not found in ..." lists every place that was searched.
                    .setIgnoreArtifactDescriptorRepositories(true)
                    // A missing or broken pom (say, a family's parent not deployed) fails, instead of Maven's
                    // warning and a silently incomplete set of dependencies.
                    .setArtifactDescriptorPolicy(new SimpleArtifactDescriptorPolicy(ArtifactDescriptorPolicy.STRICT))
                    .setMirrorSelector(settings.mirrorSelector())
                    .setAuthenticationSelector(settings.authenticationSelector())
                    .setProxySelector(settings.proxySelector())
                    .setTransferListener(new DownloadProgress(config.progress()))
                    .setConfigProperty(ConfigurationProperties.USER_AGENT, "kubernaut-schema-resolver (Maven Resolver)")
                    .build();
            List<RemoteRepository> repositories = system.newResolutionRepositories(session, configured(config, settings));
            return new Session(system, session, repositories, local.toAbsolutePath(), offline);
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** The repositories in search order: those asked for, settings.xml's active profiles', then Central. */
    private static List<RemoteRepository> configured(ResolverConfig config, MavenSettings settings) {
        RepositoryPolicy enabled = new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_DAILY,
                RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        RepositoryPolicy disabled = new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_DAILY,
                RepositoryPolicy.CHECKSUM_POLICY_FAIL);
        List<RemoteRepository> repositories = new ArrayList<>();
        for (ResolverConfig.Repository repository : config.repositories()) {
            repositories.add(new RemoteRepository.Builder(repository.id(), "default", repository.url())
                    .setReleasePolicy(enabled).setSnapshotPolicy(enabled).build());
        }
        repositories.addAll(settings.profileRepositories());
        if (config.central()) {
            // As in Maven's super POM: releases only.
            repositories.add(new RemoteRepository.Builder(FamilyResolver.CENTRAL_ID, "default", FamilyResolver.CENTRAL_URL)
                    .setReleasePolicy(enabled).setSnapshotPolicy(disabled).build());
        }
        return repositories;
    }

    /** The local repository and each remote one as searched, for messages: {@code id (url, mirror of x)}. */
    List<String> searched() {
        List<String> searched = new ArrayList<>();
        searched.add("local repository (" + localRepository + ")");
        for (RemoteRepository repository : repositories) {
            String description = describe(repository);
            if (offline && !"file".equalsIgnoreCase(repository.getProtocol())) {
                description += " [not contacted: offline]";
            }
            searched.add(description);
        }
        return searched;
    }

    /** {@code id (url)}, with the repositories a mirror stands for. */
    static String describe(org.eclipse.aether.repository.ArtifactRepository repository) {
        if (repository instanceof RemoteRepository remote) {
            String mirrored = remote.getMirroredRepositories().isEmpty() ? ""
                    : ", mirror of " + remote.getMirroredRepositories().stream().map(RemoteRepository::getId)
                            .collect(Collectors.joining(", "));
            return remote.getId() + " (" + Urls.withoutUserInfo(remote.getUrl()) + mirrored + ")";
        }
        return repository == null ? "an unknown repository" : "local repository (" + repository + ")";
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            system.close();
        }
    }
}
