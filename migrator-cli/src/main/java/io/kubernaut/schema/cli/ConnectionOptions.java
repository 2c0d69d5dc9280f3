package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.PostgresServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which database: {@code --url}, {@code --user}, {@code --password} (each also from its
 * {@code MIGRATOR_*} variable or the {@code --config} file), then {@code DATABASE_URL}, then libpq's
 * {@code PG*} variables; an embedded PostgreSQL only when none of these names a database, or with
 * {@code --embedded}.
 *
 * @see <a href="https://www.postgresql.org/docs/current/libpq-envars.html">libpq environment variables</a>
 */
final class ConnectionOptions {

    /** The libpq variables that locate a database: any of them set means "not the embedded one". */
    static final List<String> LIBPQ_LOCATION = List.of("PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER");
    private static final String DATABASE_URL = "DATABASE_URL";
    private static final String COMMAND_LINE = "command line";
    private static final String IN_URL = "the URL itself";
    /** The value of {@code --password} given without one: ask on the terminal. */
    private static final String ASK = "\u0000ask-on-the-terminal";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", description = "The database: jdbc:postgresql://host:port/database or"
            + " postgres://user:password@host:port/database. Default: DATABASE_URL, else the libpq variables PGHOST,"
            + " PGPORT, PGDATABASE, PGUSER. When nothing names a database, an embedded PostgreSQL is started for the"
            + " command and deleted after it.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "The user (default: the URL's, else PGUSER, else the"
            + " driver's).")
    String user;

    // Never given a default value in the annotation: picocli would show it in --help. Not picocli's interactive
    // option: without a console, picocli prompts on stdout (mixing with --json) and reads a piped stdin.
    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = ASK,
            description = "The password (default: the URL's, else PGPASSWORD, else a matching line of PGPASSFILE or"
                    + " ~/.pgpass). Without a value it is asked for on the terminal (/dev/tty, never stdout);"
                    + " refused when there is none. Never printed.")
    String password;

    @Option(names = "--embedded", negatable = true,
            description = "Use a throwaway embedded PostgreSQL even when DATABASE_URL or PG* variables name a database."
                    + " --no-embedded (MIGRATOR_EMBEDDED=false, as the container image sets): fail instead of"
                    + " starting one when nothing names a database.")
    Boolean embedded;

    @Option(names = "--wait-for-db", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep trying to connect for this long (30s, 2m, 1m30s, PT90S; a number is seconds) while the"
                    + " database is not up yet, with backoff and a line per attempt; then fail with exit code 4"
                    + " naming the last error. Default: one attempt.")
    Duration waitForDb;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "How long to wait for the database to accept the connection, and again"
                    + " for it to answer the login: a server that accepts but never answers ends the command with exit"
                    + " code 4. 0: no limit. Default: ${DEFAULT-VALUE}.")
    Duration connectTimeout;

    @Option(names = "--socket-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "30m", description = "How long to wait for any answer of the database once connected; a"
                    + " statement running longer is ended as a lost connection (exit code 4; a transactional migration is"
                    + " rolled back): raise it for long index builds. 0: no limit. Default: ${DEFAULT-VALUE}.")
    Duration socketTimeout;

    /**
     * The database the options name, with the sources of its parts; see the class comment for the order.
     *
     * @throws ParameterException when a URL is not a PostgreSQL URL, two sources of equal rank name a
     *                            database and the embedded one, or nothing names a database while
     *                            {@code --no-embedded} is in force
     */
    DatabaseTarget target(Map<String, String> environment) {
        String urlSource = url == null ? null : source("--url");
        if (Boolean.TRUE.equals(embedded)) {
            String embeddedSource = source("--embedded");
            if (url != null && rank(urlSource) == rank(embeddedSource)) {
                throw new ParameterException(mixee.commandLine(), "--embedded and --url both from the " + embeddedSource
                        + ": give one of them");
            }
            if (url == null || rank(urlSource) > rank(embeddedSource)) {
                return DatabaseTarget.embedded("--embedded (" + embeddedSource + ")"
                        + (url != null ? ", ignoring the URL from the " + urlSource : ""));
            }
        }
        String given = url;
        if (given == null && !blank(environment.get(DATABASE_URL))) {
            given = environment.get(DATABASE_URL);
            urlSource = DATABASE_URL;
        }
        ConnectionUrl connection;
        try {
            connection = given != null ? ConnectionUrl.parse(given, urlSource.equals(COMMAND_LINE) ? "--url" : urlSource)
                    : libpqUrl(environment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage(), e);
        }
        if (connection == null) {
            if (Boolean.FALSE.equals(embedded)) {
                throw new ParameterException(mixee.commandLine(), "No database named: give --url (or MIGRATOR_URL, url in"
                        + " the --config file, DATABASE_URL, PGHOST/PGPORT/PGDATABASE/PGUSER); --no-embedded ("
                        + source("--embedded") + ") refuses the embedded PostgreSQL");
            }
            return DatabaseTarget.embedded("nothing names a database (no --url, MIGRATOR_URL, url in a --config file,"
                    + " DATABASE_URL or " + String.join("/", LIBPQ_LOCATION) + ")"
                    + (blank(environment.get("PGPASSWORD")) ? "" : "; PGPASSWORD is set, but names no database"));
        }
        if (given == null) {
            urlSource = String.join(", ", LIBPQ_LOCATION.stream().filter(v -> !blank(environment.get(v))).toList());
        }
        if (!blank(environment.get("PGSSLMODE")) && !connection.driverProperties().containsKey("ssl")) {
            connection = connection.withDefault("sslmode", environment.get("PGSSLMODE").strip());
        }
        Properties inUrl = connection.driverProperties();
        Sourced user = first(
                option("--user", this.user),
                new Sourced(connection.user(), urlSource),
                new Sourced(inUrl.getProperty("user"), IN_URL),
                new Sourced(environment.get("PGUSER"), "PGUSER"));
        Sourced password = first(
                option("--password", this.password),
                new Sourced(connection.password(), urlSource),
                new Sourced(inUrl.getProperty("password"), IN_URL),
                new Sourced(environment.get("PGPASSWORD"), "PGPASSWORD"));
        // A user or password inside a JDBC URL is the driver's to read: it stays there, and is not passed again.
        return new DatabaseTarget(connection.jdbcUrl(), urlSource, user.outsideUrl(), user.source(),
                password.outsideUrl(), password.source());
    }

    /**
     * Opens the database {@link #target} names: the one at its URL, or an embedded PostgreSQL (saying
     * so on stderr, with why). With {@code --wait-for-db}, waits for the database to accept connections.
     *
     * @throws ParameterException as {@link #target} does
     */
    Database open(Console console, Map<String, String> environment) {
        DatabaseTarget target = resolved(environment);
        if (target.embedded()) {
            PostgresServer server = target.serverChoice().start();
            console.note("using an embedded PostgreSQL at " + server.jdbcUrl("postgres") + ": " + target.urlSource()
                    + " (temporary: stopped and deleted when the command ends; 'migrator up' keeps one running)");
            return Database.started(server);
        }
        console.secret(target.password());
        console.secretsIn(target.url());
        Database database = external(target);
        awaitIfAsked(database, console);
        return database;
    }

    /** The database at {@code target}'s URL, with the connect and socket timeouts of these options. */
    Database external(DatabaseTarget target) {
        return Database.external(target.url(), target.user(), target.password(), connectTimeout, socketTimeout);
    }

    /**
     * {@link #target}, with the password asked for on the terminal when {@code --password} came
     * without a value.
     *
     * @throws ParameterException as {@link #target} does, and when the password must be asked for but
     *                            the process has no terminal
     */
    DatabaseTarget resolved(Map<String, String> environment) {
        DatabaseTarget target = target(environment);
        if (!ASK.equals(target.password())) {
            return target;
        }
        String password = Terminal.readPassword("Password" + (target.user() == null ? "" : " for " + target.user()) + ": ")
                .orElseThrow(() -> new ParameterException(mixee.commandLine(), "--password without a value asks for the"
                        + " password on the terminal, and this process has none (stdin and stdout are not a terminal, or"
                        + " there is no controlling terminal): give it as --password=VALUE, MIGRATOR_PASSWORD, PGPASSWORD"
                        + " or a line of ~/.pgpass"));
        return new DatabaseTarget(target.url(), target.urlSource(), target.user(), target.userSource(), password,
                "the terminal");
    }

    /** With {@code --wait-for-db}, returns once {@code database} accepts connections (see {@link DatabaseWait}). */
    void awaitIfAsked(Database database, Console console) {
        if (waitForDb != null) {
            new DatabaseWait(waitForDb, console).await(database);
        }
    }

    /** Where the option named {@code name} got its value: "command line", the variable, the file or "default". */
    private String source(String name) {
        OptionSpec option = mixee.findOption(name);
        return option == null ? COMMAND_LINE : OptionDefaults.sourceOf(option).orElse(COMMAND_LINE);
    }

    private Sourced option(String name, String value) {
        return new Sourced(value, value == null ? null : source(name));
    }

    /** The command line ranks first, then the environment, then a configuration file. */
    private static int rank(String source) {
        if (source.startsWith(COMMAND_LINE)) {
            return 0;
        }
        return source.startsWith("environment") ? 1 : 2;
    }

    /** The first candidate with a value; one without value or source when none has one. */
    private static Sourced first(Sourced... candidates) {
        return Arrays.stream(candidates).filter(c -> !blank(c.value())).findFirst().orElse(new Sourced(null, null));
    }

    /** A value and where it came from. */
    private record Sourced(String value, String source) {

        /** The value, unless it is inside the JDBC URL already. */
        String outsideUrl() {
            return IN_URL.equals(source) ? null : value;
        }
    }

    /**
     * The URL the libpq variables describe, as psql would connect: PGHOSTADDR or PGHOST (default
     * localhost; comma-separated lists as libpq takes them), PGPORT (default 5432), PGDATABASE (default
     * the user's name); null when none of {@link #LIBPQ_LOCATION} is set.
     */
    private ConnectionUrl libpqUrl(Map<String, String> environment) {
        if (LIBPQ_LOCATION.stream().allMatch(v -> blank(environment.get(v)))) {
            return null;
        }
        String hostVariable = !blank(environment.get("PGHOSTADDR")) ? "PGHOSTADDR" : "PGHOST";
        String[] hosts = value(environment, hostVariable, "localhost").split(",");
        String[] ports = value(environment, "PGPORT", "5432").split(",");
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new IllegalArgumentException("PGPORT lists " + ports.length + " ports for " + hosts.length + " hosts in "
                    + hostVariable);
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].strip();
            if (host.startsWith("/")) {
                throw new IllegalArgumentException(hostVariable + "=" + host + " is a Unix-domain socket directory; the"
                        + " migrator connects over TCP: set " + hostVariable + " to a host name or address");
            }
            String port = ports[ports.length == 1 ? 0 : i].strip();
            addresses.add((host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port);
        }
        String effectiveUser = !blank(user) ? user : value(environment, "PGUSER", System.getProperty("user.name"));
        String database = value(environment, "PGDATABASE", effectiveUser);
        return ConnectionUrl.parse("jdbc:postgresql://" + String.join(",", addresses) + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"),
                String.join(", ", LIBPQ_LOCATION));
    }

    private static String value(Map<String, String> environment, String variable, String fallback) {
        String value = environment.get(variable);
        return blank(value) ? fallback : value.strip();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
