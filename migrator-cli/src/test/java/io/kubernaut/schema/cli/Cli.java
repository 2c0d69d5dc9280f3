package io.kubernaut.schema.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import io.kubernaut.schema.resolver.testing.TestRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code migrator} in-process, the way {@link MigratorCli#main} does, with captured output. */
final class Cli {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> environment, String... args) {
        Output output = new Output();
        int exitCode = output.commandLine(environment).execute(args);
        return new Result(exitCode, output.out.toString(), output.err.toString());
    }

    /** {@code args} flattened: strings, and lists of strings such as {@link #connect}. */
    static String[] args(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(item -> args.add(String.valueOf(item)));
            } else if (part instanceof String[] array) {
                args.addAll(Arrays.asList(array));
            } else {
                args.add(String.valueOf(part));
            }
        }
        return args.toArray(String[]::new);
    }

    /** {@code --url}, {@code --user} (and the password, where the server has one) of a test database. */
    static List<String> connect(TestPostgres.Database database) {
        List<String> args = new ArrayList<>(List.of("--url", database.jdbcUrl(), "--user", database.server().user()));
        if (!database.server().password().isEmpty()) {
            args.add("--password=" + database.server().password());
        }
        return args;
    }

    /**
     * The options that resolve from {@code repository} alone: offline, the local repository
     * {@code local}, and an empty settings file written beside it, so the user's ~/.m2 is never read.
     */
    static List<String> offline(TestRepository repository, Path local) {
        Path settings = local.resolveSibling(local.getFileName() + "-settings.xml");
        try {
            Files.writeString(settings, "<settings/>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of("--repo", "test=" + repository.url(), "--offline", "--local-repo", local.toString(),
                "--settings", settings.toString());
    }

    /** {@code --classpath} with these jars. */
    static List<String> classpath(Path... jars) {
        return List.of("--classpath", Stream.of(jars).map(Path::toString)
                .collect(Collectors.joining(java.io.File.pathSeparator)));
    }

    /** The "events" family: V1 creates the table, V2 adds a column and an index. */
    static FamilyJar events(String version) {
        return FamilyJar.family("events").version(version)
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);")
                .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;\n"
                        + "CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind);");
    }

    /** A TCP port on localhost that nothing listens on (it was free a moment ago). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Output streams a command writes to; readable while the command still runs. */
    static final class Output {

        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        CommandLine commandLine(Map<String, String> environment) {
            return MigratorCli.commandLine(environment)
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
        }
    }

    /**
     * What a run printed and returned.
     *
     * @param exitCode the exit code
     * @param out      stdout
     * @param err      stderr
     */
    record Result(int exitCode, String out, String err) {

        /** stdout parsed as JSON. */
        JsonNode json() {
            try {
                return MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        /** Both streams, for assertions that something appears nowhere. */
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
