package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.lint.Tokens.Kind;
import io.kubernaut.schema.migrator.lint.Tokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The idempotency rules for one statement: whether it fails or does something else when run a
 * second time, and the mechanical rewrite that makes it safe, if there is one.
 *
 * <p>DO blocks are not inspected: checking the catalog inside one is how the statements without an
 * {@code IF [NOT] EXISTS} form are written, and what this class generates for them.
 */
final class StatementRules {

    /**
     * An insertion into the statement.
     *
     * @param offset where, in the statement's text
     * @param text   what
     */
    record Edit(int offset, String text) {
    }

    /**
     * A statement of a rewrite that replaces the whole statement.
     *
     * @param text    the statement, without its semicolon
     * @param doBlock whether it is a DO block (goose files wrap those in StatementBegin/End)
     */
    record Part(String text, boolean doBlock) {
    }

    /**
     * What the rules say of a statement.
     *
     * @param problem   what is not idempotent; null when nothing is
     * @param fix       what the rewrite does ("added IF NOT EXISTS"), null when there is none
     * @param edits     insertions that make it idempotent (empty with {@code parts} or without a fix)
     * @param parts     statements that replace it (empty with {@code edits} or without a fix)
     * @param unfixable why there is no mechanical fix, null when there is one
     */
    record Verdict(String problem, String fix, List<Edit> edits, List<Part> parts, String unfixable) {

        static final Verdict OK = new Verdict(null, null, List.of(), List.of(), null);

        static Verdict edit(String problem, String fix, Edit... edits) {
            return new Verdict(problem, fix, List.of(edits), List.of(), null);
        }

        static Verdict replace(String problem, String fix, List<Part> parts) {
            return new Verdict(problem, fix, List.of(), parts, null);
        }

        static Verdict unfixable(String problem, String reason) {
            return new Verdict(problem, null, List.of(), List.of(), reason);
        }

        boolean ok() {
            return problem == null;
        }
    }

    private static final Set<String> CREATE_MODIFIERS = Set.of("GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED", "UNIQUE",
            "RECURSIVE", "CONSTRAINT", "TRUSTED", "PROCEDURAL");
    private static final Set<String> IF_NOT_EXISTS_KINDS = Set.of("TABLE", "INDEX", "SEQUENCE", "SCHEMA", "EXTENSION",
            "MATERIALIZED VIEW");
    private static final Set<String> OR_REPLACE_KINDS = Set.of("FUNCTION", "PROCEDURE", "VIEW", "TRIGGER", "RULE",
            "AGGREGATE");
    private static final Set<String> DROP_KINDS = Set.of("TABLE", "INDEX", "VIEW", "MATERIALIZED VIEW", "SEQUENCE",
            "FUNCTION", "PROCEDURE", "ROUTINE", "TRIGGER", "TYPE", "DOMAIN", "SCHEMA", "EXTENSION", "RULE", "POLICY",
            "AGGREGATE", "COLLATION", "CONVERSION", "PUBLICATION", "SUBSCRIPTION", "SERVER", "STATISTICS", "FOREIGN TABLE",
            "EVENT TRIGGER", "ROLE", "USER", "GROUP", "TABLESPACE", "DATABASE", "LANGUAGE", "OPERATOR", "CAST",
            "TRANSFORM", "ACCESS METHOD");
    private static final Set<String> UNNAMED_CONSTRAINTS = Set.of("UNIQUE", "CHECK", "FOREIGN", "EXCLUDE");

    /**
     * The names a column or constraint gets from renames later in the migrations: a second run of the
     * scripts meets it under its last name, so a check for its first name alone would add it again.
     */
    interface LaterNames {

        /** No renames. */
        LaterNames NONE = (table, kind, name) -> List.of();

        /**
         * The names {@code name} is renamed to later, in order.
         *
         * @param table the table, as PostgreSQL names it
         * @param kind  {@code column} or {@code constraint}
         * @param name  the name, as PostgreSQL names it
         */
        List<String> of(String table, String kind, String name);
    }

    /**
     * A rename of a column or constraint.
     *
     * @param table the table, as PostgreSQL names it
     * @param kind  {@code column} or {@code constraint}
     * @param from  the old name
     * @param to    the new name
     */
    record Rename(String table, String kind, String from, String to) {
    }

    private final String sql;
    private final List<Token> tokens;
    private final LaterNames later;

    private StatementRules(String sql, LaterNames later) {
        this.sql = sql;
        this.tokens = Tokens.of(sql);
        this.later = later;
    }

    /** The verdict on {@code statement} (its text without the terminating semicolon). */
    static Verdict check(String statement) {
        return check(statement, LaterNames.NONE);
    }

    /** The verdict on {@code statement}, knowing the renames of the statements after it. */
    static Verdict check(String statement, LaterNames later) {
        return new StatementRules(statement, later).verdict();
    }

    /** The rename an {@code ALTER TABLE … RENAME [COLUMN|CONSTRAINT] a TO b} statement makes, or null. */
    static Rename rename(String statement) {
        StatementRules rules = new StatementRules(statement, LaterNames.NONE);
        if (!rules.is(0, "ALTER") || !rules.is(1, "TABLE")) {
            return null;
        }
        int i = rules.is(2, "IF") ? 4 : 2;
        if (rules.is(i, "ONLY")) {
            i++;
        }
        int end = rules.nameEnd(i);
        if (!rules.is(end, "RENAME") || rules.is(end + 1, "TO")) {
            return null;
        }
        String table = rules.tokens.get(end - 1).identifier();
        boolean constraint = rules.is(end + 1, "CONSTRAINT");
        int from = rules.is(end + 1, "COLUMN") || constraint ? end + 2 : end + 1;
        if (from + 2 >= rules.tokens.size() || !rules.is(from + 1, "TO")) {
            return null;
        }
        return new Rename(table, constraint ? "constraint" : "column", rules.tokens.get(from).identifier(),
                rules.tokens.get(from + 2).identifier());
    }

    /**
     * The tables a {@code DROP TABLE} statement drops (as PostgreSQL names them), empty for any other
     * statement.
     */
    static List<String> droppedTables(String statement) {
        StatementRules rules = new StatementRules(statement, LaterNames.NONE);
        if (!rules.is(0, "DROP") || !rules.is(1, "TABLE")) {
            return List.of();
        }
        int i = rules.is(2, "IF") ? 4 : 2;
        List<String> names = new ArrayList<>();
        while (i < rules.tokens.size()) {
            int end = rules.nameEnd(i);
            names.add(rules.tokens.get(end - 1).identifier());
            if (end < rules.tokens.size() && rules.tokens.get(end).text().equals(",")) {
                i = end + 1;
            } else {
                break;
            }
        }
        return names;
    }

    /** The table a {@code CREATE TABLE} statement creates, or null for any other statement. */
    static String createdTable(String statement) {
        StatementRules rules = new StatementRules(statement, LaterNames.NONE);
        if (!rules.is(0, "CREATE")) {
            return null;
        }
        int i = 1;
        while (i < rules.tokens.size() && CREATE_MODIFIERS.contains(rules.upper(i))) {
            i++;
        }
        if (!rules.is(i, "TABLE")) {
            return null;
        }
        i = rules.is(i + 1, "IF") ? i + 4 : i + 1;
        return i < rules.tokens.size() ? rules.tokens.get(rules.nameEnd(i) - 1).identifier() : null;
    }

    private Verdict verdict() {
        if (tokens.isEmpty()) {
            return Verdict.OK;
        }
        return switch (upper(0)) {
            case "CREATE" -> create();
            case "ALTER" -> is(1, "TABLE") ? alterTable() : is(1, "TYPE") ? alterType() : Verdict.OK;
            case "DROP" -> drop();
            case "INSERT" -> insert();
            default -> Verdict.OK;
        };
    }

    private Verdict create() {
        boolean orReplace = is(1, "OR") && is(2, "REPLACE");
        int i = orReplace ? 3 : 1;
        while (i < tokens.size() && CREATE_MODIFIERS.contains(upper(i))) {
            i++;
        }
        String kind = upper(i);
        if (kind.equals("MATERIALIZED") && is(i + 1, "VIEW")) {
            kind = "MATERIALIZED VIEW";
            i++;
        }
        if (IF_NOT_EXISTS_KINDS.contains(kind)) {
            int name = i + 1;
            if (kind.equals("INDEX") && is(name, "CONCURRENTLY")) {
                name++;
            }
            if (is(name, "IF")) {
                return Verdict.OK;
            }
            String problem = "CREATE " + kind + " without IF NOT EXISTS";
            if (kind.equals("INDEX") && (is(name, "ON") || name >= tokens.size())) {
                return Verdict.unfixable(problem, "an index without a name cannot take IF NOT EXISTS: name it"
                        + " (CREATE INDEX <table>_<column>_idx ON ...)");
            }
            return Verdict.edit(problem, "added IF NOT EXISTS", new Edit(tokens.get(name).start(), "IF NOT EXISTS "));
        }
        if (OR_REPLACE_KINDS.contains(kind)) {
            if (orReplace) {
                return Verdict.OK;
            }
            return Verdict.edit("CREATE " + kind + " without OR REPLACE", "added OR REPLACE"
                    + (kind.equals("TRIGGER") ? " (PostgreSQL 14 or later)" : ""),
                    new Edit(tokens.get(1).start(), "OR REPLACE "));
        }
        if (kind.equals("TYPE") || kind.equals("DOMAIN")) {
            String problem = "CREATE " + kind + " has no IF NOT EXISTS";
            if (i + 2 < tokens.size() && tokens.get(i + 2).text().equals(".")) {
                return Verdict.unfixable(problem, "the name is schema-qualified; a family's SQL names no schema");
            }
            String name = tokens.get(i + 1).identifier();
            return Verdict.replace(problem, "wrapped in a DO block that checks pg_type", List.of(guarded(
                    "NOT EXISTS (SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = "
                            + literal(name) + " AND n.nspname = current_schema())", sql)));
        }
        return Verdict.OK;
    }

    private Verdict alterTable() {
        int i = 2;
        boolean ifExists = is(i, "IF") && is(i + 1, "EXISTS");
        if (ifExists) {
            i += 2;
        }
        if (is(i, "ONLY")) {
            i++;
        }
        int nameStart = i;
        i = nameEnd(i);
        if (i < tokens.size() && tokens.get(i).text().equals("*")) {
            i++;
        }
        if (i >= tokens.size()) {
            return Verdict.OK;
        }
        String relation = sql.substring(tokens.get(nameStart).start(), tokens.get(i - 1).end());
        String table = tokens.get(nameEnd(nameStart) - 1).identifier();
        String head = sql.substring(0, tokens.get(i).start()).stripTrailing();
        if (is(i, "RENAME")) {
            return rename(i, ifExists, relation);
        }
        List<int[]> actions = actions(i);
        List<Edit> edits = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Integer> guardedActions = new ArrayList<>();
        List<String> guards = new ArrayList<>();
        for (int a = 0; a < actions.size(); a++) {
            int first = actions.get(a)[0];
            if (is(first, "ADD")) {
                int k = first + 1;
                if (is(k, "CONSTRAINT")) {
                    problems.add("ALTER TABLE ... ADD CONSTRAINT outside a DO block that checks pg_constraint");
                    guardedActions.add(a);
                    guards.add("NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass(" + literal(relation)
                            + ") AND conname" + names(table, "constraint", tokens.get(k + 1).identifier()) + ")");
                } else if (is(k, "PRIMARY")) {
                    problems.add("ALTER TABLE ... ADD PRIMARY KEY outside a DO block that checks pg_constraint");
                    guardedActions.add(a);
                    guards.add("NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass(" + literal(relation)
                            + ") AND contype = 'p')");
                } else if (UNNAMED_CONSTRAINTS.contains(upper(k))) {
                    return Verdict.unfixable("ALTER TABLE ... ADD " + upper(k) + " outside a DO block that checks"
                            + " pg_constraint", "the constraint has no name to look for: write ADD CONSTRAINT <name> "
                            + upper(k) + " ..., then run the fix again");
                } else {
                    if (is(k, "COLUMN")) {
                        k++;
                    }
                    if (is(k, "IF")) {
                        k += 3;
                    }
                    if (k >= tokens.size()) {
                        continue;
                    }
                    String column = tokens.get(k).identifier();
                    if (!later.of(table, "column", column).isEmpty()) {
                        // Renamed later: a second run finds it under its new name, which IF NOT EXISTS does not know.
                        problems.add("ALTER TABLE ... ADD COLUMN of a column renamed later, outside a DO block that"
                                + " checks pg_attribute");
                        guardedActions.add(a);
                        guards.add("NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass(" + literal(relation)
                                + ") AND attname" + names(table, "column", column) + " AND NOT attisdropped)");
                    } else if (!is(first + 1, "IF") && !is(first + 2, "IF")) {
                        problems.add("ALTER TABLE ... ADD COLUMN without IF NOT EXISTS");
                        edits.add(new Edit(tokens.get(k).start(), "IF NOT EXISTS "));
                    }
                }
            } else if (is(first, "DROP")) {
                int k = first + 1;
                boolean constraint = is(k, "CONSTRAINT");
                if (constraint || is(k, "COLUMN")) {
                    k++;
                }
                if (!is(k, "IF") && k < tokens.size()) {
                    problems.add("ALTER TABLE ... DROP " + (constraint ? "CONSTRAINT" : "COLUMN") + " without IF EXISTS");
                    edits.add(new Edit(tokens.get(k).start(), "IF EXISTS "));
                }
            }
        }
        if (problems.isEmpty()) {
            return Verdict.OK;
        }
        String problem = problems.get(0);
        if (guardedActions.isEmpty()) {
            return new Verdict(problem, edits.size() > 1 ? "added IF [NOT] EXISTS to each action" : fixOf(edits.get(0)),
                    List.copyOf(edits), List.of(), null);
        }
        // Actions that need a catalog check become DO blocks of their own; the others stay one ALTER TABLE.
        List<Part> parts = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        for (int a = 0; a < actions.size(); a++) {
            String action = apply(actions.get(a), edits);
            int guarded = guardedActions.indexOf(a);
            if (guarded < 0) {
                plain.add(action);
                continue;
            }
            if (!plain.isEmpty()) {
                parts.add(new Part(head + " " + String.join(", ", plain), false));
                plain.clear();
            }
            parts.add(guarded(guards.get(guarded), head + " " + action));
        }
        if (!plain.isEmpty()) {
            parts.add(new Part(head + " " + String.join(", ", plain), false));
        }
        return Verdict.replace(problem, actions.size() > 1 ? "split into one statement per constraint, each in a DO block"
                + " that checks pg_constraint" : "wrapped in a DO block that checks pg_constraint", parts);
    }

    private Verdict rename(int i, boolean ifExists, String relation) {
        String problem = "ALTER TABLE ... RENAME outside a DO block that checks the catalog";
        if (is(i + 1, "TO")) {
            if (ifExists) {
                return Verdict.OK;
            }
            return Verdict.edit("ALTER TABLE ... RENAME TO without IF EXISTS", "added IF EXISTS",
                    new Edit(tokens.get(2).start(), "IF EXISTS "));
        }
        if (is(i + 1, "CONSTRAINT")) {
            return Verdict.replace(problem, "wrapped in a DO block that checks pg_constraint", List.of(guarded(
                    "EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass(" + literal(relation) + ") AND conname = "
                            + literal(tokens.get(i + 2).identifier()) + ")", sql)));
        }
        int column = is(i + 1, "COLUMN") ? i + 2 : i + 1;
        if (column >= tokens.size()) {
            return Verdict.unfixable(problem, "the statement ends before the column's name");
        }
        return Verdict.replace(problem, "wrapped in a DO block that checks pg_attribute", List.of(guarded(
                "EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass(" + literal(relation) + ") AND attname = "
                        + literal(tokens.get(column).identifier()) + " AND NOT attisdropped)", sql)));
    }

    private Verdict alterType() {
        for (int i = 2; i + 1 < tokens.size(); i++) {
            if (is(i, "ADD") && is(i + 1, "VALUE")) {
                if (is(i + 2, "IF")) {
                    return Verdict.OK;
                }
                return Verdict.edit("ALTER TYPE ... ADD VALUE without IF NOT EXISTS", "added IF NOT EXISTS",
                        new Edit(tokens.get(i + 2).start(), "IF NOT EXISTS "));
            }
        }
        return Verdict.OK;
    }

    private Verdict drop() {
        if (is(1, "OWNED")) {
            return Verdict.unfixable("DROP OWNED runs again on a second run", "DROP OWNED has no IF EXISTS form");
        }
        String kind = upper(1);
        int i = 2;
        if (DROP_KINDS.contains(kind + " " + upper(2))) {
            kind = kind + " " + upper(2);
            i = 3;
        }
        if (kind.equals("INDEX") && is(i, "CONCURRENTLY")) {
            i++;
        }
        if (is(i, "IF")) {
            return Verdict.OK;
        }
        String problem = "DROP " + kind + " without IF EXISTS";
        if (!DROP_KINDS.contains(kind) || i >= tokens.size()) {
            return Verdict.unfixable("DROP without IF EXISTS", "add IF EXISTS where this kind of DROP takes it");
        }
        return Verdict.edit(problem, "added IF EXISTS", new Edit(tokens.get(i).start(), "IF EXISTS "));
    }

    private Verdict insert() {
        int depth = 0;
        Integer returning = null;
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals("(")) {
                depth++;
            } else if (text.equals(")")) {
                depth--;
            } else if (depth == 0 && is(i, "ON") && is(i + 1, "CONFLICT")) {
                return Verdict.OK;
            } else if (depth == 0 && is(i, "NOT") && is(i + 1, "EXISTS")) {
                // INSERT ... SELECT ... WHERE NOT EXISTS (...): inserts only what is missing.
                return Verdict.OK;
            } else if (depth == 0 && is(i, "RETURNING")) {
                returning = i;
            }
        }
        String problem = "INSERT without ON CONFLICT (a second run inserts again)";
        String fix = "added ON CONFLICT DO NOTHING (idempotent only where a primary key or unique constraint covers the"
                + " inserted values; the build's second run checks)";
        if (returning != null) {
            return Verdict.edit(problem, fix, new Edit(tokens.get(returning).start(), "ON CONFLICT DO NOTHING "));
        }
        return Verdict.edit(problem, fix, new Edit(sql.length(), " ON CONFLICT DO NOTHING"));
    }

    /** The actions of an ALTER TABLE from token {@code from}: [first, end) token ranges split at top-level commas. */
    private List<int[]> actions(int from) {
        List<int[]> actions = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals("(")) {
                depth++;
            } else if (text.equals(")")) {
                depth--;
            } else if (depth == 0 && text.equals(",") && tokens.get(i).kind() == Kind.SYMBOL) {
                actions.add(new int[] {start, i});
                start = i + 1;
            }
        }
        actions.add(new int[] {start, tokens.size()});
        return actions;
    }

    /** The text of an action, with the edits that fall inside it applied. */
    private String apply(int[] action, List<Edit> edits) {
        int start = tokens.get(action[0]).start();
        int end = tokens.get(action[1] - 1).end();
        StringBuilder text = new StringBuilder(sql.substring(start, end));
        for (int e = edits.size() - 1; e >= 0; e--) {
            Edit edit = edits.get(e);
            if (edit.offset() >= start && edit.offset() <= end) {
                text.insert(edit.offset() - start, edit.text());
            }
        }
        return text.toString();
    }

    /** The end (exclusive) of a possibly qualified name starting at token {@code i}. */
    private int nameEnd(int i) {
        int end = i + 1;
        while (end + 1 < tokens.size() && tokens.get(end).text().equals(".")) {
            end += 2;
        }
        return Math.min(end, tokens.size());
    }

    private static Part guarded(String condition, String statement) {
        String tag = "$$";
        for (int n = 1; statement.contains(tag); n++) {
            tag = "$migrator" + n + "$";
        }
        // The statement is kept as written, not re-indented: a line break inside one of its strings is data.
        return new Part("DO " + tag + "\nBEGIN\n    IF " + condition + " THEN\n        " + statement
                + ";\n    END IF;\nEND " + tag, true);
    }

    /** {@code " = 'a'"}, or {@code " IN ('a', 'b')"} when {@code name} is renamed later. */
    private String names(String table, String kind, String name) {
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(later.of(table, kind, name));
        if (names.size() == 1) {
            return " = " + literal(name);
        }
        return " IN (" + String.join(", ", names.stream().map(StatementRules::literal).toList()) + ")";
    }

    private static String fixOf(Edit edit) {
        return "added " + edit.text().strip();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private boolean is(int i, String word) {
        return i < tokens.size() && tokens.get(i).kind() == Kind.WORD && tokens.get(i).upper().equals(word);
    }

    private String upper(int i) {
        return i < tokens.size() ? tokens.get(i).upper() : "";
    }
}
