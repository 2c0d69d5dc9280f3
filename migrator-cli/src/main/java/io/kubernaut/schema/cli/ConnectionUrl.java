package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.Redaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * A database URL as users give it, made a JDBC URL: {@code jdbc:postgresql://…} as it is, and the
 * libpq form {@code postgres://user:password@host:port/database?sslmode=require} (also
 * {@code postgresql://}, as in {@code DATABASE_URL}) converted, its credentials taken out of the URL
 * so that the URL can be shown.
 *
 * @param jdbcUrl  the JDBC URL, without the credentials of a libpq URL
 * @param user     the libpq URL's user, or null (a JDBC URL's own {@code user=} stays in it)
 * @param password the libpq URL's password, or null
 * @see <a href="https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS">libpq connection URIs</a>
 */
record ConnectionUrl(String jdbcUrl, String user, String password) {

    private static final Pattern LIBPQ = Pattern.compile(
            "(?i)postgres(?:ql)?://(?:([^@/?#]*)@)?([^/?#]*)(?:/([^?#]*))?(?:\\?([^#]*))?(?:#.*)?");
    /** libpq parameters whose pgjdbc name differs; others (sslmode, sslcert, options, …) keep theirs. */
    private static final Map<String, String> PARAMETERS = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "target_session_attrs", "targetServerType");
    /** libpq's target_session_attrs values in pgjdbc's terms. */
    private static final Map<String, String> TARGETS = Map.of(
            "any", "any", "read-write", "primary", "primary", "primary", "read-only", "secondary",
            "standby", "secondary", "prefer-standby", "preferSecondary");

    /**
     * The URL {@code url}, given by {@code source} (for the message).
     *
     * @throws IllegalArgumentException when it is neither a PostgreSQL JDBC URL nor a libpq URL, or names a
     *                                  Unix-domain socket; the message shows the URL without its password
     */
    static ConnectionUrl parse(String url, String source) {
        String value = url.strip();
        if (value.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())) {
            if (Driver.parseURL(value, null) == null) {
                throw invalid(value, source);
            }
            return new ConnectionUrl(value, null, null);
        }
        Matcher libpq = LIBPQ.matcher(value);
        if (!libpq.matches()) {
            throw invalid(value, source);
        }
        String user = null;
        String password = null;
        if (libpq.group(1) != null) {
            String userInfo = libpq.group(1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String hosts = libpq.group(2).isEmpty() ? "localhost" : libpq.group(2);
        if (hosts.contains("%2F") || hosts.contains("%2f") || hosts.startsWith("/")) {
            throw unixSocket(value, source);
        }
        List<String> parameters = new ArrayList<>();
        if (libpq.group(4) != null) {
            for (String parameter : libpq.group(4).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
                String parameterValue = equals < 0 ? "" : parameter.substring(equals + 1);
                switch (name) {
                    case "user" -> user = decode(parameterValue);
                    case "password" -> password = decode(parameterValue);
                    case "host" -> {
                        if (decode(parameterValue).startsWith("/")) {
                            throw unixSocket(value, source);
                        }
                        parameters.add(parameter);
                    }
                    case "target_session_attrs" -> parameters.add(PARAMETERS.get(name) + "="
                            + TARGETS.getOrDefault(decode(parameterValue).toLowerCase(Locale.ROOT), parameterValue));
                    default -> parameters.add(PARAMETERS.getOrDefault(name, name)
                            + (equals < 0 ? "" : "=" + parameterValue));
                }
            }
        }
        String database = libpq.group(3) == null ? "" : libpq.group(3);
        String jdbc = "jdbc:postgresql://" + hosts + "/" + database
                + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        if (Driver.parseURL(jdbc, null) == null) {
            throw invalid(value, source);
        }
        return new ConnectionUrl(jdbc, user, password);
    }

    /** The properties pgjdbc reads from the JDBC URL (host, port, database, user, sslmode, …). */
    Properties driverProperties() {
        Properties properties = Driver.parseURL(jdbcUrl, null);
        return properties == null ? new Properties() : properties;
    }

    /** The JDBC URL with {@code name=value} added, unless it sets {@code name} already. */
    ConnectionUrl withDefault(String name, String value) {
        if (driverProperties().containsKey(name)) {
            return this;
        }
        return new ConnectionUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + name + "=" + value, user, password);
    }

    private static IllegalArgumentException invalid(String url, String source) {
        return new IllegalArgumentException(source + " '" + Redaction.redactUrl(url) + "' is not a PostgreSQL URL;"
                + " expected jdbc:postgresql://host:port/database or postgres://user:password@host:port/database");
    }

    private static IllegalArgumentException unixSocket(String url, String source) {
        return new IllegalArgumentException(source + " '" + Redaction.redactUrl(url) + "' names a Unix-domain socket;"
                + " the migrator connects over TCP: give a host name or address");
    }

    /** Percent-decoding as in URIs: unlike {@link java.net.URLDecoder}, '+' stays '+'. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int high = i + 2 < text.length() && text.charAt(i) == '%' ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 3;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
