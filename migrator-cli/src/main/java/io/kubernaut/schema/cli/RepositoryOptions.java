package io.kubernaut.schema.cli;

import io.kubernaut.schema.resolver.FamilyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where Maven artifacts are resolved from: {@code --repo}, {@code --local-repo}, {@code --offline},
 * {@code --settings}; Maven Central and the user's settings.xml besides.
 */
final class RepositoryOptions {

    /** {@code id=url}: an id of letters, digits, '.', '_' and '-' before the first '='. */
    private static final Pattern WITH_ID = Pattern.compile("([A-Za-z0-9._-]+)=(.+)");

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--repo", paramLabel = "[ID=]URL", split = ",",
            description = "Also search this Maven repository, before Maven Central: file://, http:// or https://, or a"
                    + " directory. ID (default repo-1, repo-2, ...) selects the <server> credentials in settings.xml."
                    + " Repeatable, or comma-separated.")
    List<String> repositories = new ArrayList<>();

    @Option(names = "--local-repo", paramLabel = "DIR",
            description = "The local Maven repository (default: settings.xml's <localRepository>, else ~/.m2/repository).")
    Path localRepository;

    @Option(names = "--offline", description = "Use no network: only the local repository and file:// repositories.")
    boolean offline;

    @Option(names = "--settings", paramLabel = "FILE",
            description = "Maven settings with mirrors, server credentials and proxies (default: ~/.m2/settings.xml when"
                    + " it exists).")
    Path settings;

    /** Whether any of these options was given. */
    boolean any() {
        return !repositories.isEmpty() || localRepository != null || offline || settings != null;
    }

    /**
     * A resolver for these options, printing each download on stderr through {@code console}.
     *
     * @throws ParameterException for a {@code --repo} that is neither a URL nor a directory
     */
    FamilyResolver resolver(Console console) {
        FamilyResolver.Builder builder = FamilyResolver.builder().offline(offline).progress(console::note);
        for (String repository : repositories) {
            Matcher withId = WITH_ID.matcher(repository);
            if (withId.matches() && !withId.group(1).contains(":")) {
                builder.remoteRepository(withId.group(1), url(withId.group(2)));
            } else {
                builder.remoteRepository(url(repository));
            }
        }
        if (localRepository != null) {
            builder.localRepository(localRepository);
        }
        if (settings != null) {
            builder.settings(settings);
        }
        return builder.build();
    }

    /** {@code value} when it is a URL; a directory's file: URL when it is one. */
    private String url(String value) {
        if (value.matches("(?i)(file|https?):.*")) {
            return value;
        }
        Path directory = Path.of(value);
        if (Files.isDirectory(directory)) {
            return directory.toAbsolutePath().normalize().toUri().toString();
        }
        throw new ParameterException(mixee.commandLine(), "--repo '" + value + "' is neither a repository URL"
                + " (file://, http://, https://) nor an existing directory");
    }
}
