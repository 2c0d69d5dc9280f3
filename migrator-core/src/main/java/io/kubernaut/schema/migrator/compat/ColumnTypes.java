package io.kubernaut.schema.migrator.compat;

import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How two PostgreSQL column types relate, as {@code format_type} spells them in a
 * {@link SchemaSnapshot}: the same, one a known widening of the other, or neither.
 *
 * <p>Only these are known widenings (every value of the first type is a value of the second, and
 * jOOQ code reading or writing the first type keeps working):
 * <ul>
 *   <li>{@code character varying(n)} to {@code character varying(m)} with m &ge; n, to unbounded
 *       {@code character varying} or to {@code text} (unbounded varchar and text are equivalent);</li>
 *   <li>{@code bit varying(n)} to {@code bit varying(m)} with m &ge; n or unbounded;</li>
 *   <li>{@code smallint} to {@code integer} to {@code bigint};</li>
 *   <li>{@code numeric(p,s)} to {@code numeric(q,t)} with t &ge; s and q - t &ge; p - s (neither
 *       fractional nor integer digits lost), or to unconstrained {@code numeric};</li>
 *   <li>{@code real} to {@code double precision};</li>
 *   <li>{@code timestamp}, {@code time} and {@code interval} to a higher fractional-second precision
 *       of the same type (no precision means 6);</li>
 *   <li>an array type to an array of a widening of its element type.</li>
 * </ul>
 * Anything else (int to numeric, char(n) to varchar, timestamp to timestamptz, text to jsonb…) is an
 * incompatible change: the check errs on the side of calling it out.
 */
final class ColumnTypes {

    /** How a new type relates to an old one. */
    enum Relation {
        /** Spelled the same. */
        SAME,
        /** Different spellings of the same set of values (text and unbounded varchar). */
        EQUIVALENT,
        /** The new type holds every value of the old one, and more. */
        WIDENED,
        /** The old type holds every value of the new one, and more. */
        NARROWED,
        /** Neither holds the other: a different type. */
        INCOMPATIBLE
    }

    private static final Map<String, Integer> INTEGER_RANKS = Map.of("smallint", 1, "integer", 2, "bigint", 3);
    private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    private static final Pattern LENGTH = Pattern.compile("(character varying|bit varying)(?:\\((\\d+)\\))?");
    private static final Pattern PRECISION = Pattern.compile("\\((\\d+)\\)");
    private static final List<String> TEMPORAL = List.of("timestamp", "time", "interval");

    private ColumnTypes() {
    }

    static Relation relation(String oldType, String newType) {
        if (oldType.equals(newType)) {
            return Relation.SAME;
        }
        boolean widened = widens(oldType, newType);
        boolean narrowed = widens(newType, oldType);
        if (widened && narrowed) {
            return Relation.EQUIVALENT;
        }
        return widened ? Relation.WIDENED : narrowed ? Relation.NARROWED : Relation.INCOMPATIBLE;
    }

    /** Whether every value of {@code from} is a value of {@code to} (true when they are the same). */
    static boolean widens(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        if (from.endsWith("[]") || to.endsWith("[]")) {
            return from.endsWith("[]") && to.endsWith("[]")
                    && widens(from.substring(0, from.length() - 2), to.substring(0, to.length() - 2));
        }
        Integer fromRank = INTEGER_RANKS.get(from);
        Integer toRank = INTEGER_RANKS.get(to);
        if (fromRank != null && toRank != null) {
            return toRank >= fromRank;
        }
        if (from.equals("real") && to.equals("double precision")) {
            return true;
        }
        if (from.startsWith("numeric") && to.startsWith("numeric")) {
            return numericWidens(from, to);
        }
        String fromText = from.equals("text") ? "character varying" : from;
        String toText = to.equals("text") ? "character varying" : to;
        Matcher fromLength = LENGTH.matcher(fromText);
        Matcher toLength = LENGTH.matcher(toText);
        if (fromLength.matches() && toLength.matches()) {
            return fromLength.group(1).equals(toLength.group(1))
                    && (toLength.group(2) == null
                            || fromLength.group(2) != null && Integer.parseInt(toLength.group(2)) >= Integer.parseInt(fromLength.group(2)));
        }
        String fromBase = PRECISION.matcher(from).replaceFirst("");
        String toBase = PRECISION.matcher(to).replaceFirst("");
        if (fromBase.equals(toBase) && TEMPORAL.stream().anyMatch(fromBase::startsWith)) {
            return precision(to) >= precision(from);
        }
        return false;
    }

    private static boolean numericWidens(String from, String to) {
        if (to.equals("numeric")) {
            return true;
        }
        Matcher f = NUMERIC.matcher(from);
        Matcher t = NUMERIC.matcher(to);
        if (!f.matches() || !t.matches()) {
            return false;
        }
        int fromPrecision = Integer.parseInt(f.group(1));
        int fromScale = Integer.parseInt(f.group(2));
        int toPrecision = Integer.parseInt(t.group(1));
        int toScale = Integer.parseInt(t.group(2));
        return toScale >= fromScale && toPrecision - toScale >= fromPrecision - fromScale;
    }

    /** The fractional-second precision of a temporal type; PostgreSQL's default is 6. */
    private static int precision(String type) {
        Matcher matcher = PRECISION.matcher(type);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 6;
    }
}
