package io.kubernaut.schema.migrator.lint;

/**
 * One statement of a script, as the migrator runs it ({@link MigrationScript#statements()}).
 *
 * @param text the statement without its terminating semicolon, starting at its first token
 *             (comments before it are not part of it)
 * @param line the 1-based line of the script where it starts
 * @since 0.1.0
 */
public record SqlStatement(String text, int line) {

    /**
     * The script line of a 1-based character position inside {@link #text()}, as PostgreSQL
     * reports in an error's {@code position} (in characters, not UTF-16 units).
     */
    public int lineOf(int position) {
        // PostgreSQL counts characters (code points), Java strings count UTF-16 units.
        int end = text.offsetByCodePoints(0, Math.min(Math.max(position - 1, 0), text.codePointCount(0, text.length())));
        int result = line;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                result++;
            }
        }
        return result;
    }
}
