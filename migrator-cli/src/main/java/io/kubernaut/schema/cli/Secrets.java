package io.kubernaut.schema.cli;

import io.kubernaut.schema.postgres.Redaction;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The passwords of one invocation, and the last line of defence that keeps them out of what the CLI
 * prints. The core never puts a password into a message; but a driver's message, a picocli message
 * quoting a mistyped option ({@code --pasword=...}), or an invalid URL may echo what the user typed.
 */
final class Secrets {

    /** Shorter values would mangle every message that happens to contain them. */
    private static final int MIN_LENGTH = 4;
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[?&;](?:password|sslpassword)=([^&;]*)");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@:]*:([^/@]*)@");
    /** --password, and the typos a picocli error would quote back: --pasword, --passwd, --pwd. */
    /** A URL inside a message; quotes and whitespace end it, so the redaction stays inside it. */
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:jdbc:|[a-z][a-z0-9+.-]*://)[^\\s'\"`]+");
    private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)--?[a-z-]*(?:pas|pw)[a-z-]*");

    private final Set<String> values = new LinkedHashSet<>();

    /**
     * The secrets visible in the raw arguments (values of {@code --password} or of a mistyped option
     * that looks like it, passwords inside URLs) and in the environment ({@code PGPASSWORD},
     * {@code MIGRATOR_PASSWORD}, and inside {@code DATABASE_URL} and {@code MIGRATOR_URL}).
     */
    static Secrets of(List<String> args, Map<String, String> environment) {
        Secrets secrets = new Secrets();
        secrets.add(environment.get("PGPASSWORD"));
        secrets.add(environment.get("MIGRATOR_PASSWORD"));
        secrets.addFromUrl(environment.get("DATABASE_URL"));
        secrets.addFromUrl(environment.get("MIGRATOR_URL"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            if (equals > 0 && PASSWORD_OPTION.matcher(arg.substring(0, equals)).matches()) {
                secrets.add(arg.substring(equals + 1));
            } else if (PASSWORD_OPTION.matcher(arg).matches() && i + 1 < args.size()) {
                secrets.add(args.get(i + 1));
            }
            secrets.addFromUrl(arg);
        }
        return secrets;
    }

    /** Adds a secret; null and very short values are ignored. */
    void add(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            values.add(secret);
            String decoded = decode(secret);
            if (decoded.length() >= MIN_LENGTH) {
                values.add(decoded);
            }
        }
    }

    /** Adds the passwords inside a JDBC URL ({@code ?password=} or {@code user:password@}). */
    void addFromUrl(String text) {
        if (text == null) {
            return;
        }
        for (Pattern pattern : List.of(URL_PASSWORD, URL_USER_INFO)) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                add(matcher.group(1));
            }
        }
    }

    /** {@code text} with URL passwords redacted and every known secret replaced by {@code ***}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String scrubbed = URL.matcher(text).replaceAll(url -> Matcher.quoteReplacement(Redaction.redactUrl(url.group())));
        for (String value : values) {
            scrubbed = scrubbed.replace(value, "***");
        }
        return scrubbed;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
