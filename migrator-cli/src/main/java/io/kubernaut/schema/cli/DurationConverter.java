package io.kubernaut.schema.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people and Kubernetes manifests write it: {@code 30s}, {@code 2m}, {@code 1m30s},
 * {@code 500ms}, {@code 1h}; ISO-8601 ({@code PT90S}); or a number of seconds.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * {@code value} as a duration of zero or more.
     *
     * @throws TypeConversionException naming the forms that are understood
     */
    static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(text));
        }
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                Duration duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException e) {
                // Reported below with the forms that work.
            }
        } else if (!text.isEmpty()) {
            Matcher part = PART.matcher(text);
            Duration total = Duration.ZERO;
            int end = 0;
            while (part.find() && part.start() == end) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
                end = part.end();
            }
            if (end == text.length()) {
                return total;
            }
        }
        throw new TypeConversionException("'" + value + "' is not a duration: write 30s, 2m, 1m30s, 500ms, 1h, PT90S"
                + " or a number of seconds");
    }
}
