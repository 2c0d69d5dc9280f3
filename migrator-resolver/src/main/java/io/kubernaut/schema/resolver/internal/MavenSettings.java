package io.kubernaut.schema.resolver.internal;

import io.kubernaut.schema.resolver.FamilyResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.ConservativeAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * What a Maven user's settings.xml says about repositories, read with Maven's own settings builder
 * (so {@code ${env.X}} and {@code ${user.home}} interpolate as in Maven) and with passwords decrypted
 * through {@code ~/.m2/settings-security.xml} as {@code mvn --encrypt-password} made them: the local
 * repository, offline mode, mirrors, server credentials, proxies, and the repositories of active
 * profiles. Global settings ({@code $MAVEN_HOME/conf/settings.xml}) are not read: there is no Maven
 * installation to find them in.
 */
public final class MavenSettings {

    private static final MavenSettings NONE = new MavenSettings(null, new Settings(), List.of());

    private final Path file;
    private final Settings settings;
    private final List<String> warnings;

    private MavenSettings(Path file, Settings settings, List<String> warnings) {
        this.file = file;
        this.settings = settings;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * The settings in {@code explicit}, else in {@code userHome/.m2/settings.xml} when that exists, else none.
     *
     * @throws FamilyResolutionException when {@code explicit} does not exist or a file cannot be parsed
     */
    public static MavenSettings read(Path explicit, Path userHome) {
        Path file = explicit != null ? explicit : userHome.resolve(".m2").resolve("settings.xml");
        if (!Files.isRegularFile(file)) {
            if (explicit != null) {
                throw new FamilyResolutionException(null, "The settings file " + explicit + " does not exist");
            }
            return NONE;
        }
        Properties system = new Properties();
        system.putAll(System.getProperties());
        system.setProperty("user.home", userHome.toString());
        System.getenv().forEach((name, value) -> system.setProperty("env." + name, value));
        Settings settings;
        List<String> warnings = new ArrayList<>();
        try {
            var result = new DefaultSettingsBuilderFactory().newInstance().build(new DefaultSettingsBuildingRequest()
                    .setUserSettingsFile(file.toFile()).setSystemProperties(system));
            settings = result.getEffectiveSettings();
            result.getProblems().forEach(problem -> warnings.add(describe(file, problem)));
        } catch (SettingsBuildingException e) {
            throw new FamilyResolutionException(null, "Cannot read the settings file " + file + ": "
                    + e.getProblems().stream().map(p -> describe(file, p)).collect(Collectors.joining("; ")), e);
        }
        decrypt(settings, userHome, warnings);
        return new MavenSettings(file, settings, warnings);
    }

    /** Replaces encrypted ({@code {...}}) passwords of servers and proxies with their clear text. */
    private static void decrypt(Settings settings, Path userHome, List<String> warnings) {
        boolean encrypted = settings.getServers().stream()
                .anyMatch(s -> isEncrypted(s.getPassword()) || isEncrypted(s.getPassphrase()))
                || settings.getProxies().stream().anyMatch(p -> isEncrypted(p.getPassword()));
        if (!encrypted) {
            return;
        }
        String security = System.getProperty("settings.security",
                userHome.resolve(".m2").resolve("settings-security.xml").toString());
        var decrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security));
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(settings));
        // Problems name the server, never the password.
        result.getProblems().forEach(problem -> warnings.add(problem.getMessage()));
        settings.setServers(result.getServers());
        settings.setProxies(result.getProxies());
    }

    private static boolean isEncrypted(String value) {
        return value != null && value.trim().startsWith("{") && value.trim().endsWith("}");
    }

    private static String describe(Path file, SettingsProblem problem) {
        return problem.getMessage() + (problem.getLineNumber() > 0 ? " (" + file + ":" + problem.getLineNumber() + ")" : "");
    }

    /** The settings file read; empty when there was none. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@code <localRepository>}, when set. */
    public Optional<Path> localRepository() {
        String local = settings.getLocalRepository();
        return local == null || local.isBlank() ? Optional.empty() : Optional.of(Path.of(local.trim()));
    }

    /** {@code <offline>}. */
    public boolean offline() {
        return settings.isOffline();
    }

    /** What could not be used (a password that could not be decrypted, a deprecated element). */
    public List<String> warnings() {
        return warnings;
    }

    /** The {@code <mirrors>}, matched against repository ids ({@code *}, {@code external:*}, {@code !id}, lists). */
    public MirrorSelector mirrorSelector() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            selector.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(),
                    mirror.getMirrorOf(), mirror.getMirrorOfLayouts());
        }
        return selector;
    }

    /** The {@code <servers>}' credentials, by repository (or mirror) id; a repository's own stay first. */
    public AuthenticationSelector authenticationSelector() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server server : settings.getServers()) {
            AuthenticationBuilder auth = new AuthenticationBuilder()
                    .addUsername(server.getUsername())
                    .addPassword(server.getPassword());
            if (server.getPrivateKey() != null) {
                auth.addPrivateKey(server.getPrivateKey(), server.getPassphrase());
            }
            selector.add(server.getId(), auth.build());
        }
        return new ConservativeAuthenticationSelector(selector);
    }

    /** The active {@code <proxies>}. */
    public ProxySelector proxySelector() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (Proxy proxy : settings.getProxies()) {
            if (proxy.isActive()) {
                selector.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(), proxy.getPort(),
                        new AuthenticationBuilder().addUsername(proxy.getUsername()).addPassword(proxy.getPassword()).build()),
                        proxy.getNonProxyHosts());
            }
        }
        return selector;
    }

    /** The {@code <repositories>} of profiles active by {@code <activeProfiles>} or {@code <activeByDefault>}. */
    public List<RemoteRepository> profileRepositories() {
        List<RemoteRepository> repositories = new ArrayList<>();
        for (Profile profile : settings.getProfiles()) {
            boolean active = settings.getActiveProfiles().contains(profile.getId())
                    || (profile.getActivation() != null && profile.getActivation().isActiveByDefault());
            if (!active) {
                continue;
            }
            for (org.apache.maven.settings.Repository repository : profile.getRepositories()) {
                repositories.add(new RemoteRepository.Builder(repository.getId(),
                        repository.getLayout() == null ? "default" : repository.getLayout(), repository.getUrl())
                        .setReleasePolicy(policy(repository.getReleases()))
                        .setSnapshotPolicy(policy(repository.getSnapshots()))
                        .build());
            }
        }
        return repositories;
    }

    private static RepositoryPolicy policy(org.apache.maven.settings.RepositoryPolicy policy) {
        boolean enabled = policy == null || policy.isEnabled();
        String update = policy == null || policy.getUpdatePolicy() == null
                ? RepositoryPolicy.UPDATE_POLICY_DAILY : policy.getUpdatePolicy();
        // Checksums always fail resolution when they do not match, whatever the settings say.
        return new RepositoryPolicy(enabled, update, RepositoryPolicy.CHECKSUM_POLICY_FAIL);
    }
}
