package io.kubernaut.schema.junit.internal;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Which PostgreSQL a test run uses: the configured kind, else an external server when a JDBC URL is
 * given, else Testcontainers when Docker answers, else the embedded server.
 *
 * @param kind   external, testcontainers or embedded
 * @param reason why, for the log
 */
public record ServerChoice(Kind kind, String reason) {

    /** The kinds of server. */
    public enum Kind { EXTERNAL, TESTCONTAINERS, EMBEDDED }

    public static ServerChoice choose(Settings settings, BooleanSupplier dockerAvailable) {
        String configured = settings.get(Settings.SERVER, "auto").toLowerCase(Locale.ROOT);
        switch (configured) {
            case "external":
                if (settings.get(Settings.JDBC_URL).isEmpty()) {
                    throw new IllegalArgumentException(Settings.SERVER + "=external needs " + Settings.JDBC_URL
                            + " (or SCHEMA_TEST_JDBC_URL)");
                }
                return new ServerChoice(Kind.EXTERNAL, Settings.SERVER + "=external");
            case "testcontainers":
                return new ServerChoice(Kind.TESTCONTAINERS, Settings.SERVER + "=testcontainers");
            case "embedded":
                return new ServerChoice(Kind.EMBEDDED, Settings.SERVER + "=embedded");
            case "auto":
                if (settings.get(Settings.JDBC_URL).isPresent()) {
                    return new ServerChoice(Kind.EXTERNAL, Settings.JDBC_URL + " is set");
                }
                if (dockerAvailable.getAsBoolean()) {
                    return new ServerChoice(Kind.TESTCONTAINERS, "a Docker engine is reachable");
                }
                return new ServerChoice(Kind.EMBEDDED, "no " + Settings.JDBC_URL + " and no Docker engine");
            default:
                throw new IllegalArgumentException(Settings.SERVER + " must be auto, external, testcontainers or embedded,"
                        + " was '" + configured + "'");
        }
    }
}
