package io.kubernaut.schema.postgres;

import java.util.regex.Pattern;

/**
 * Removes secrets from JDBC URLs before they are shown: {@code password=} parameters and
 * {@code user:password@} credentials.
 *
 * @since 0.1.0
 */
public final class Redaction {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*):[^/@]*@");

    private Redaction() {
    }

    /** {@code url} with every password replaced by {@code ***}; null stays null. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(redacted).replaceAll("$1:***@");
    }
}
