package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.internal.SqlScript;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.lint.Tokens.Kind;
import io.kubernaut.schema.migrator.lint.Tokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements a migration script may not hold: transaction control and {@code COPY} to or from
 * the client. The migrator runs each migration in a transaction of its own, committed together with
 * its history row: a {@code COMMIT} in a script commits part of it outside that bookkeeping (a retry
 * then runs the committed part again), a {@code ROLLBACK} silently loses what came before it, and a
 * {@code BEGIN} or {@code PREPARE TRANSACTION} changes which transaction the rest belongs to. {@code COPY
 * … FROM STDIN} waits for data a script cannot carry. The migrator refuses them before anything of a
 * run executes; the schema Maven plugin and {@code migrator lint} refuse them at build time.
 *
 * <p>Statements are read as {@link SqlScript} splits them, so {@code BEGIN} and {@code END} inside
 * function bodies (dollar-quoted, quoted or {@code BEGIN ATOMIC}), {@code CASE … END} and DO blocks are
 * not mistaken for transaction control. {@code SAVEPOINT}, {@code RELEASE [SAVEPOINT]} and {@code
 * ROLLBACK TO [SAVEPOINT]} stay allowed: they work inside the migration's transaction.
 *
 * @since 0.1.0
 */
public final class TransactionControl {

    /** Why these statements are refused and what to write instead, for messages. */
    public static final String REASON = "each migration runs in a transaction of its own, committed with its history"
            + " row, so a COMMIT or ROLLBACK in a script would commit part of it outside that bookkeeping or lose"
            + " what came before it, and COPY from the client waits for data a script cannot carry. Remove the"
            + " statement (SAVEPOINT, RELEASE and ROLLBACK TO SAVEPOINT are allowed; load data with INSERT … VALUES"
            + " or INSERT … SELECT; a migration that must run outside a transaction starts with"
            + " '-- migrator: no-transaction')";

    /**
     * A refused statement.
     *
     * @param line    the 1-based line of the script where it starts
     * @param command what it is, e.g. {@code COMMIT} or {@code COPY … FROM STDIN}
     */
    public record Finding(int line, String command) {
    }

    private TransactionControl() {
    }

    /** The refused statements of {@code script} (a versioned script or a goose file's text), in order. */
    public static List<Finding> find(String script) {
        return mayBeRefused(script) ? find(SqlScript.parse(script)) : List.of();
    }

    /** The refused statements among {@code statements}, in order. */
    public static List<Finding> find(List<SqlStatement> statements) {
        List<Finding> findings = new ArrayList<>();
        for (SqlStatement statement : statements) {
            String command = command(statement.text());
            if (command != null) {
                findings.add(new Finding(statement.line(), command));
            }
        }
        return findings;
    }

    /** The refused command {@code statement} is, e.g. {@code ROLLBACK}; null when it is allowed. */
    public static String command(String statement) {
        if (!mayBeRefused(statement)) {
            return null;
        }
        List<Token> tokens = Tokens.of(statement);
        String first = word(tokens, 0);
        String second = word(tokens, 1);
        switch (first) {
            case "BEGIN", "ABORT" -> {
                return first;
            }
            case "START" -> {
                return "TRANSACTION".equals(second) ? "START TRANSACTION" : null;
            }
            case "END" -> {
                return "END";
            }
            case "COMMIT" -> {
                return "PREPARED".equals(second) ? "COMMIT PREPARED" : "COMMIT";
            }
            case "ROLLBACK" -> {
                if ("PREPARED".equals(second)) {
                    return "ROLLBACK PREPARED";
                }
                // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name stays inside the transaction.
                String afterNoise = "WORK".equals(second) || "TRANSACTION".equals(second) ? word(tokens, 2) : second;
                return "TO".equals(afterNoise) ? null : "ROLLBACK";
            }
            case "PREPARE" -> {
                return "TRANSACTION".equals(second) ? "PREPARE TRANSACTION" : null;
            }
            case "COPY" -> {
                return copyWithClient(tokens);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * A cheap test that lets most statements and scripts through without splitting or tokenizing:
     * every refused statement starts (after comments) with one of these words, so it contains it.
     */
    private static boolean mayBeRefused(String statement) {
        for (String word : new String[] {"BEGIN", "START", "END", "COMMIT", "ROLLBACK", "ABORT", "PREPARE", "COPY"}) {
            if (containsIgnoreCase(statement, word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsIgnoreCase(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** {@code COPY … FROM STDIN} or {@code COPY … TO STDOUT} (outside parentheses); null for a COPY of a file. */
    private static String copyWithClient(List<Token> tokens) {
        int depth = 0;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.SYMBOL) {
                depth += token.text().equals("(") ? 1 : token.text().equals(")") ? -1 : 0;
                continue;
            }
            if (depth != 0 || token.kind() != Kind.WORD) {
                continue;
            }
            String word = token.upper();
            String next = tokens.get(i + 1).kind() == Kind.WORD ? tokens.get(i + 1).upper() : "";
            if (word.equals("FROM") && next.equals("STDIN")) {
                return "COPY … FROM STDIN";
            }
            if (word.equals("TO") && next.equals("STDOUT")) {
                return "COPY … TO STDOUT";
            }
        }
        return null;
    }

    private static String word(List<Token> tokens, int index) {
        return index < tokens.size() && tokens.get(index).kind() == Kind.WORD ? tokens.get(index).upper() : "";
    }
}
