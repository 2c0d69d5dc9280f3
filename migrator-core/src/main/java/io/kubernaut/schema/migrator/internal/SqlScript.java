package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a PostgreSQL script into statements, as psql does: semicolons inside quotes, quoted
 * identifiers, dollar-quoted bodies, comments, parentheses and {@code BEGIN ATOMIC ... END} function
 * bodies do not end a statement. Each statement keeps the line it starts on, so errors can point into the file.
 */
public final class SqlScript {

    private final String sql;
    private final List<SqlStatement> statements = new ArrayList<>();

    private int position;
    private int line = 1;

    private SqlScript(String sql) {
        // The text as written: a carriage return inside a string literal is part of the string. Lines are
        // counted at line feeds, as PostgreSQL counts them (a CRLF is one line end, its CR whitespace).
        this.sql = sql;
    }

    /**
     * The statements of {@code sql}, in order; statements made only of comments are dropped. A goose
     * file ({@link GooseScript#isGoose}) gives the statements of its Up section, split as goose splits them.
     * A leading byte order mark is not part of the script (see {@link #withoutByteOrderMark}).
     */
    public static List<SqlStatement> parse(String sql) {
        String text = withoutByteOrderMark(sql);
        if (GooseScript.isGoose(text)) {
            return GooseScript.read(text).statements();
        }
        return split(text);
    }

    /**
     * {@code text} without a leading UTF-8 byte order mark (U+FEFF), which editors on Windows write and
     * PostgreSQL would read as part of the first word. Scripts are run and checksummed without it.
     */
    public static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /** The statements of {@code sql} as psql splits them, goose annotations being plain comments here. */
    static List<SqlStatement> split(String sql) {
        SqlScript script = new SqlScript(sql);
        script.split();
        return List.copyOf(script.statements);
    }

    private void split() {
        while (true) {
            skipWhitespaceAndComments();
            if (position >= sql.length()) {
                return;
            }
            int start = position;
            int startLine = line;
            int end = scanStatement();
            String text = sql.substring(start, end).strip();
            if (!text.isEmpty()) {
                statements.add(new SqlStatement(text, startLine));
            }
        }
    }

    /** Scans to the end of the current statement; returns its end (before the semicolon). */
    private int scanStatement() {
        int atomicDepth = 0;
        int parenDepth = 0;
        boolean routine = false;
        List<String> leadingWords = new ArrayList<>();
        String previousWord = "";
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (c == ';' && atomicDepth == 0 && parenDepth == 0) {
                int end = position;
                position++;
                return end;
            } else if (c == '(' || c == ')') {
                // As psql: a semicolon inside parentheses (a rule's action list) does not end the statement.
                parenDepth = c == '(' ? parenDepth + 1 : Math.max(0, parenDepth - 1);
                advance();
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                boolean escapes = position > 0 && (sql.charAt(position - 1) == 'E' || sql.charAt(position - 1) == 'e')
                        && (position < 2 || !isIdentifierPart(sql.charAt(position - 2)));
                skipQuoted('\'', escapes);
            } else if (c == '"') {
                skipQuoted('"', false);
            } else if (c == '$' && dollarTag() != null) {
                skipDollarQuoted(dollarTag());
            } else if (isIdentifierStart(c)) {
                String word = readWord().toUpperCase(Locale.ROOT);
                if (leadingWords.size() < 4) {
                    leadingWords.add(word);
                    routine = isRoutineDefinition(leadingWords);
                }
                if (routine) {
                    if ("ATOMIC".equals(word) && "BEGIN".equals(previousWord)) {
                        atomicDepth++;
                    } else if (atomicDepth > 0 && "CASE".equals(word)) {
                        atomicDepth++;
                    } else if (atomicDepth > 0 && "END".equals(word)) {
                        atomicDepth--;
                    }
                }
                previousWord = word;
            } else {
                advance();
            }
        }
        return position;
    }

    private static boolean isRoutineDefinition(List<String> words) {
        if (words.isEmpty() || !"CREATE".equals(words.get(0))) {
            return false;
        }
        int next = words.size() > 2 && "OR".equals(words.get(1)) && "REPLACE".equals(words.get(2)) ? 3 : 1;
        return words.size() > next && ("FUNCTION".equals(words.get(next)) || "PROCEDURE".equals(words.get(next)));
    }

    private void skipWhitespaceAndComments() {
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (Character.isWhitespace(c) || c == ';') {
                advance();
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipLineComment() {
        while (position < sql.length() && sql.charAt(position) != '\n') {
            position++;
        }
    }

    private void skipBlockComment() {
        int depth = 0;
        while (position < sql.length()) {
            if (sql.charAt(position) == '/' && peek(1) == '*') {
                depth++;
                advance();
                advance();
            } else if (sql.charAt(position) == '*' && peek(1) == '/') {
                depth--;
                advance();
                advance();
                if (depth == 0) {
                    return;
                }
            } else {
                advance();
            }
        }
    }

    private void skipQuoted(char quote, boolean backslashEscapes) {
        advance();
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (backslashEscapes && c == '\\') {
                advance();
                advance();
            } else if (c == quote) {
                advance();
                if (position < sql.length() && sql.charAt(position) == quote) {
                    advance();
                } else {
                    return;
                }
            } else {
                advance();
            }
        }
    }

    /** The dollar-quote tag starting at the current position ({@code $$} or {@code $name$}), or null. */
    private String dollarTag() {
        if (position > 0 && isIdentifierPart(sql.charAt(position - 1))) {
            return null;
        }
        int end = position + 1;
        if (end < sql.length() && Character.isDigit(sql.charAt(end))) {
            return null;
        }
        while (end < sql.length() && isIdentifierPart(sql.charAt(end)) && sql.charAt(end) != '$') {
            end++;
        }
        return end < sql.length() && sql.charAt(end) == '$' ? sql.substring(position, end + 1) : null;
    }

    private void skipDollarQuoted(String tag) {
        for (int i = 0; i < tag.length(); i++) {
            advance();
        }
        int close = sql.indexOf(tag, position);
        int end = close < 0 ? sql.length() : close + tag.length();
        while (position < end) {
            advance();
        }
    }

    private String readWord() {
        int start = position;
        while (position < sql.length() && isIdentifierPart(sql.charAt(position)) && sql.charAt(position) != '$') {
            position++;
        }
        return sql.substring(start, position);
    }

    private char peek(int offset) {
        int index = position + offset;
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    private void advance() {
        if (position < sql.length()) {
            if (sql.charAt(position) == '\n') {
                line++;
            }
            position++;
        }
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
