package io.kubernaut.schema.postgres;

import io.kubernaut.schema.migrator.ConfigurationException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Which PostgreSQL server a tool works on, and starting it (or connecting to it). Each tool keeps its
 * own setting names (the CLI's {@code --url}, the plugin's {@code schema.jdbcUrl}, the test
 * extension's {@code schema.test.*}) and hands the values to {@link #choose}, or names the server
 * itself with {@link #external}, {@link #testcontainers} or {@link #embedded}.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @since 0.1.0
 */
public final class ServerChoice {

    /** The kinds of server. */
    public enum Kind {
        /** One that already runs, at a JDBC URL. */
        EXTERNAL,
        /** A container started through Testcontainers. */
        TESTCONTAINERS,
        /** PostgreSQL started in-process from packaged binaries. */
        EMBEDDED
    }

    /**
     * The values of a tool's settings; any may be null when not set.
     *
     * @param server   {@code auto} (also when null), {@code external}, {@code testcontainers} or {@code embedded}
     * @param jdbcUrl  an external server's URL
     * @param user     its user
     * @param password its password
     * @param image    the Testcontainers image (default {@link ContainerServer#DEFAULT_IMAGE})
     */
    public record Settings(String server, String jdbcUrl, String user, String password, String image) {

        @Override
        public String toString() {
            return "Settings[server=" + server + ", jdbcUrl=" + Redaction.redactUrl(jdbcUrl) + ", user=" + user
                    + ", image=" + image + "]";
        }
    }

    /**
     * How a tool calls the settings {@link #choose} mentions in its reasons and errors.
     *
     * @param server       the setting of {@link Settings#server()}, e.g. {@code schema.test.server}
     * @param jdbcUrl      the setting of {@link Settings#jdbcUrl()}, e.g. {@code schema.test.jdbc-url}
     * @param jdbcUrlAlias another way to give the URL, named in errors (e.g. an environment variable); may be null
     */
    public record SettingNames(String server, String jdbcUrl, String jdbcUrlAlias) {
    }

    private final Kind kind;
    private final String reason;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String image;

    private ServerChoice(Kind kind, String reason, String jdbcUrl, String user, String password, String image) {
        this.kind = kind;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.image = image;
    }

    /** The server at {@code jdbcUrl}; {@code user} and {@code password} may be null. */
    public static ServerChoice external(String jdbcUrl, String user, String password, String reason) {
        return new ServerChoice(Kind.EXTERNAL, reason, Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password, null);
    }

    /** A container of {@code image} (null: {@link ContainerServer#DEFAULT_IMAGE}). */
    public static ServerChoice testcontainers(String image, String reason) {
        return new ServerChoice(Kind.TESTCONTAINERS, reason, null, null, null,
                image == null ? ContainerServer.DEFAULT_IMAGE : image);
    }

    /** An embedded server. */
    public static ServerChoice embedded(String reason) {
        return new ServerChoice(Kind.EMBEDDED, reason, null, null, null, null);
    }

    /**
     * The configured kind; for {@code auto}, an external server when a JDBC URL is given, else
     * Testcontainers when {@code dockerAvailable} says a Docker engine answers, else the embedded server.
     *
     * @param dockerAvailable asked only when the choice depends on it
     * @throws ConfigurationException for an unknown kind, or {@code external} without a URL
     */
    public static ServerChoice choose(Settings settings, BooleanSupplier dockerAvailable, SettingNames names) {
        String configured = settings.server() == null ? "auto" : settings.server().toLowerCase(Locale.ROOT);
        boolean urlGiven = settings.jdbcUrl() != null && !settings.jdbcUrl().isBlank();
        switch (configured) {
            case "external":
                if (!urlGiven) {
                    throw new ConfigurationException(names.server() + "=external needs " + names.jdbcUrl()
                            + (names.jdbcUrlAlias() == null ? "" : " (or " + names.jdbcUrlAlias() + ")"));
                }
                return external(settings.jdbcUrl(), settings.user(), settings.password(), names.server() + "=external");
            case "testcontainers":
                return testcontainers(settings.image(), names.server() + "=testcontainers");
            case "embedded":
                return embedded(names.server() + "=embedded");
            case "auto":
                if (urlGiven) {
                    return external(settings.jdbcUrl(), settings.user(), settings.password(), names.jdbcUrl() + " is set");
                }
                if (dockerAvailable.getAsBoolean()) {
                    return testcontainers(settings.image(), "a Docker engine is reachable");
                }
                return embedded("no " + names.jdbcUrl() + " and no Docker engine");
            default:
                throw new ConfigurationException(names.server() + " must be auto, external, testcontainers or embedded,"
                        + " was '" + settings.server() + "'");
        }
    }

    public Kind kind() {
        return kind;
    }

    /** Why this server, for messages and logs. */
    public String reason() {
        return reason;
    }

    /** Whether {@link #start()} starts a server (which closing it stops), rather than connecting to one. */
    public boolean startsServer() {
        return kind != Kind.EXTERNAL;
    }

    /**
     * Starts the chosen server, or connects to the external one; the caller closes it.
     *
     * @throws PostgresServerException when it cannot
     */
    public PostgresServer start() {
        return switch (kind) {
            case EXTERNAL -> new ExternalServer(jdbcUrl, user, password);
            case TESTCONTAINERS -> ContainerServer.start(image);
            case EMBEDDED -> EmbeddedServer.start();
        };
    }

    @Override
    public String toString() {
        String where = switch (kind) {
            case EXTERNAL -> " at " + Redaction.redactUrl(jdbcUrl);
            case TESTCONTAINERS -> " from image " + image;
            case EMBEDDED -> "";
        };
        return kind.name().toLowerCase(Locale.ROOT) + where + " (" + reason + ")";
    }
}
