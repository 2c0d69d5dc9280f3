package io.kubernaut.schema.migrator.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one SQL statement with their offsets, comments left out: enough to read the words a
 * rule looks at and to know where to insert a fix. Strings, quoted identifiers and dollar-quoted
 * bodies are single tokens, so nothing inside them is mistaken for a keyword.
 */
final class Tokens {

    enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL }

    /**
     * One token.
     *
     * @param kind  what it is
     * @param text  its text as written
     * @param start its offset in the statement
     * @param end   the offset after it
     */
    record Token(Kind kind, String text, int start, int end) {

        /** A word in upper case; other tokens as written. */
        String upper() {
            return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : text;
        }

        /** The name this identifier token stands for: unquoted words fold to lower case, as PostgreSQL folds them. */
        String identifier() {
            if (kind == Kind.QUOTED) {
                return text.substring(1, text.length() - 1).replace("\"\"", "\"");
            }
            return text.toLowerCase(Locale.ROOT);
        }
    }

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();

    private Tokens(String sql) {
        this.sql = sql;
    }

    static List<Token> of(String sql) {
        Tokens scanner = new Tokens(sql);
        scanner.scan();
        return scanner.tokens;
    }

    private void scan() {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && next(i) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (c == '/' && next(i) == '*') {
                i = blockCommentEnd(i);
            } else if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                int end = quotedEnd(i, '\'', escapes);
                add(Kind.STRING, i, end);
                i = end;
            } else if (c == '"') {
                int end = quotedEnd(i, '"', false);
                add(Kind.QUOTED, i, end);
                i = end;
            } else if (c == '$' && dollarTag(i) != null) {
                String tag = dollarTag(i);
                int close = sql.indexOf(tag, i + tag.length());
                int end = close < 0 ? sql.length() : close + tag.length();
                add(Kind.STRING, i, end);
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                // E'...' is one string: the E belongs to it.
                if (end == i + 1 && (c == 'E' || c == 'e') && end < sql.length() && sql.charAt(end) == '\'') {
                    int close = quotedEnd(end, '\'', true);
                    add(Kind.STRING, i, close);
                    i = close;
                } else {
                    add(Kind.WORD, i, end);
                    i = end;
                }
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                add(Kind.NUMBER, i, end);
                i = end;
            } else {
                add(Kind.SYMBOL, i, i + 1);
                i++;
            }
        }
    }

    private void add(Kind kind, int start, int end) {
        tokens.add(new Token(kind, sql.substring(start, end), start, end));
    }

    private char next(int i) {
        return i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
    }

    private int blockCommentEnd(int i) {
        int depth = 0;
        int position = i;
        while (position < sql.length()) {
            if (sql.startsWith("/*", position)) {
                depth++;
                position += 2;
            } else if (sql.startsWith("*/", position)) {
                depth--;
                position += 2;
                if (depth == 0) {
                    return position;
                }
            } else {
                position++;
            }
        }
        return position;
    }

    private int quotedEnd(int i, char quote, boolean backslashEscapes) {
        int position = i + 1;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (backslashEscapes && c == '\\') {
                position += 2;
            } else if (c == quote) {
                if (position + 1 < sql.length() && sql.charAt(position + 1) == quote) {
                    position += 2;
                } else {
                    return position + 1;
                }
            } else {
                position++;
            }
        }
        return sql.length();
    }

    private String dollarTag(int i) {
        if (i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_')) {
            return null;
        }
        int end = i + 1;
        if (end < sql.length() && Character.isDigit(sql.charAt(end))) {
            return null;
        }
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(i, end + 1) : null;
    }
}
