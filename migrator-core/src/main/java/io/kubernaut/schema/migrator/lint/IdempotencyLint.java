package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.internal.GooseScript;
import io.kubernaut.schema.migrator.internal.SqlScript;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.lint.StatementRules.Edit;
import io.kubernaut.schema.migrator.lint.StatementRules.Part;
import io.kubernaut.schema.migrator.lint.StatementRules.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the statements of a family's migrations that fail, or do something else, when run a second
 * time or against a database an older copy of the scripts made; every family's SQL must be
 * idempotent. {@link #fix} rewrites the mechanical cases in the text.
 *
 * <p>Reported, and how {@link #fix} rewrites them: {@code CREATE TABLE/INDEX/SEQUENCE/SCHEMA/EXTENSION/
 * MATERIALIZED VIEW} without {@code IF NOT EXISTS} (adds it); {@code CREATE FUNCTION/PROCEDURE/VIEW/TRIGGER/
 * RULE/AGGREGATE} without {@code OR REPLACE} (adds it); {@code CREATE TYPE/DOMAIN} (a DO block that checks
 * {@code pg_type}); {@code ALTER TABLE … ADD COLUMN} without {@code IF NOT EXISTS} and {@code DROP
 * COLUMN/CONSTRAINT} without {@code IF EXISTS} (adds it, in each action); {@code ADD CONSTRAINT name} and
 * {@code ADD PRIMARY KEY} (a DO block that checks {@code pg_constraint}; other actions of the statement stay
 * one {@code ALTER TABLE}); {@code RENAME COLUMN/CONSTRAINT} (a DO block that checks the catalog) and
 * {@code RENAME TO} ({@code ALTER TABLE IF EXISTS}); {@code ALTER TYPE … ADD VALUE} (adds {@code IF NOT
 * EXISTS}); {@code DROP} without {@code IF EXISTS} (adds it); {@code INSERT} without {@code ON CONFLICT}
 * (adds {@code ON CONFLICT DO NOTHING}: idempotent only where a unique key covers the rows, which the
 * schema plugin's second run checks). In goose files the DO blocks are put in {@code StatementBegin}/
 * {@code StatementEnd}, so goose still runs the file.
 *
 * <p>Not fixed, with the reason: a table dropped and created again later in the migrations (a rewrite,
 * which a second run repeats and so loses the table's rows), an unnamed index or constraint, a
 * schema-qualified type, {@code DROP OWNED}. DO blocks are not inspected: checking the catalog inside
 * one is how such changes are written. A statement is exempt with {@value #EXEMPT} on the line before
 * it (or its own first line).
 *
 * @since 0.1.0
 */
public final class IdempotencyLint {

    /** The comment that exempts the next statement. */
    public static final String EXEMPT = "-- migrator: allow-non-idempotent";

    private IdempotencyLint() {
    }

    /** The non-idempotent statements of {@code sources}, in file and line order; changes nothing. */
    public static LintReport check(MigrationSources sources) {
        return run(sources, false);
    }

    /**
     * The rewrite of {@code sources} that makes the mechanical cases idempotent, in memory: the report
     * lists each change and, as findings, what remains to fix by hand. {@link LintReport#write()} writes
     * the rewritten files.
     */
    public static LintReport fix(MigrationSources sources) {
        return run(sources, true);
    }

    /** A statement of a script, where it is in the file's text, and whether it sits in a goose block. */
    private record Located(SqlStatement statement, int offset, boolean inGooseBlock) {
    }

    private static LintReport run(MigrationSources sources, boolean fix) {
        Map<MigrationScript, List<Located>> located = new LinkedHashMap<>();
        for (MigrationScript script : sources.scripts()) {
            located.put(script, locate(script));
        }
        Map<String, String> rewrites = rewrites(sources, located);
        // The rename each statement makes (null for most), in the order they run: a statement's later
        // names come from the renames after it.
        List<StatementRules.Rename> renames = new ArrayList<>();
        located.values().forEach(statements -> statements.forEach(s -> renames.add(StatementRules.rename(s.statement().text()))));
        int position = 0;
        List<LintReport.Finding> findings = new ArrayList<>();
        List<LintReport.Change> changes = new ArrayList<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        for (Map.Entry<MigrationScript, List<Located>> entry : located.entrySet()) {
            MigrationScript script = entry.getKey();
            String[] lines = script.text().split("\n", -1);
            List<Replacement> replacements = new ArrayList<>();
            for (Located statement : entry.getValue()) {
                List<StatementRules.Rename> after = renames.subList(++position, renames.size());
                if (exempt(lines, statement.statement().line())) {
                    continue;
                }
                String key = script.name() + ":" + statement.statement().line();
                Verdict verdict = rewrites.containsKey(key)
                        ? Verdict.unfixable(rewrites.get(key), "guard the rewrite so that it runs only while the old table"
                                + " is there (a DO block that checks the old shape in the catalog), or change the table"
                                + " with ALTER TABLE instead")
                        : StatementRules.check(statement.statement().text(), (table, kind, name) -> laterNames(after, table,
                                kind, name));
                if (verdict.ok()) {
                    continue;
                }
                if (verdict.unfixable() != null || !fix) {
                    findings.add(new LintReport.Finding(script.name(), statement.statement().line(), verdict.problem(),
                            verdict.fix(), verdict.unfixable()));
                    continue;
                }
                Replacement replacement = replacement(script, statement, verdict);
                replacements.add(replacement);
                changes.add(new LintReport.Change(script.name(), statement.statement().line(), verdict.problem(),
                        verdict.fix(), firstLine(script.text(), replacement.focus()), preview(script.text(), replacement)));
            }
            if (!replacements.isEmpty()) {
                fixed.put(script.name(), apply(script.text(), replacements));
            }
        }
        return new LintReport(sources, fix, findings, changes, fixed);
    }

    /** The names {@code name} gets from {@code renames}, in order, following each rename of the name before. */
    private static List<String> laterNames(List<StatementRules.Rename> renames, String table, String kind, String name) {
        List<String> names = new ArrayList<>();
        String current = name;
        for (StatementRules.Rename rename : renames) {
            if (rename != null && rename.table().equals(table) && rename.kind().equals(kind) && rename.from().equals(current)) {
                current = rename.to();
                names.add(current);
            }
        }
        return names;
    }

    /** The statements of the part of {@code script} that runs, each with its offset in the file's text. */
    private static List<Located> locate(MigrationScript script) {
        List<Located> result = new ArrayList<>();
        String text = script.text();
        int cursor = 0;
        List<GooseScript.Piece> pieces = script.format() == ScriptFormat.GOOSE ? GooseScript.read(text).pieces()
                : SqlScript.parse(text).stream().map(s -> new GooseScript.Piece(s, false)).toList();
        for (GooseScript.Piece piece : pieces) {
            SqlStatement statement = piece.statement();
            int offset = text.indexOf(statement.text(), Math.max(cursor, lineOffset(text, statement.line())));
            if (offset < 0) {
                throw new IllegalStateException(script.name() + ":" + statement.line() + ": statement not found in the text");
            }
            result.add(new Located(statement, offset, piece.inBlock()));
            cursor = offset + statement.text().length();
        }
        return result;
    }

    /**
     * The rewrites: a DROP TABLE whose table a later statement (in this script or a later one) creates
     * again. Keyed by {@code script:line} of the DROP; the value is the problem.
     */
    private static Map<String, String> rewrites(MigrationSources sources, Map<MigrationScript, List<Located>> located) {
        Map<String, String> result = new LinkedHashMap<>();
        List<String[]> drops = new ArrayList<>(); // table, script:line of the DROP
        for (Map.Entry<MigrationScript, List<Located>> entry : located.entrySet()) {
            String[] lines = entry.getKey().text().split("\n", -1);
            for (Located statement : entry.getValue()) {
                String text = statement.statement().text();
                String created = StatementRules.createdTable(text);
                if (created != null) {
                    for (String[] drop : drops) {
                        if (drop[0].equals(created) && !result.containsKey(drop[1])) {
                            result.put(drop[1], "DROP TABLE " + created + ", then CREATE TABLE " + created + " at "
                                    + sources.path(entry.getKey()) + ":" + statement.statement().line()
                                    + ": a rewrite, which every run of the scripts repeats, dropping the table's rows");
                        }
                    }
                }
                if (!exempt(lines, statement.statement().line())) {
                    for (String table : StatementRules.droppedTables(text)) {
                        drops.add(new String[] {table, entry.getKey().name() + ":" + statement.statement().line()});
                    }
                }
            }
        }
        return result;
    }

    /** A piece of a file's text to replace. */
    private record Replacement(int start, int end, String text, int focus) {
    }

    private static Replacement replacement(MigrationScript script, Located located, Verdict verdict) {
        String text = script.text();
        String statement = located.statement().text();
        int start = located.offset();
        int end = start + statement.length();
        if (!verdict.edits().isEmpty()) {
            StringBuilder rewritten = new StringBuilder(statement);
            List<Edit> edits = new ArrayList<>(verdict.edits());
            edits.sort((a, b) -> Integer.compare(b.offset(), a.offset()));
            edits.forEach(edit -> rewritten.insert(edit.offset(), edit.text()));
            int first = edits.get(edits.size() - 1).offset();
            return new Replacement(start, end, rewritten.toString(), start + first);
        }
        // The statement's own semicolon is part of what is replaced: each new statement ends with one.
        int semicolon = end;
        while (semicolon < text.length() && Character.isWhitespace(text.charAt(semicolon)) && text.charAt(semicolon) != '\n') {
            semicolon++;
        }
        if (semicolon < text.length() && text.charAt(semicolon) == ';') {
            end = semicolon + 1;
        }
        boolean goose = script.format() == ScriptFormat.GOOSE && !located.inGooseBlock();
        List<String> rendered = new ArrayList<>();
        for (Part part : verdict.parts()) {
            // goose splits plain SQL at every line ending in ';': a DO block must be one StatementBegin/End block.
            rendered.add(goose && part.doBlock() ? "-- +goose StatementBegin\n" + part.text() + ";\n-- +goose StatementEnd"
                    : part.text() + ";");
        }
        String replacement = String.join("\n", rendered);
        if (goose && replacement.startsWith("-- +goose") && !atLineStart(text, start)) {
            replacement = "\n" + replacement;
        }
        if (goose && replacement.endsWith("StatementEnd") && end < text.length() && text.charAt(end) != '\n') {
            replacement = replacement + "\n";
        }
        return new Replacement(start, end, replacement, start);
    }

    private static String apply(String text, List<Replacement> replacements) {
        StringBuilder result = new StringBuilder(text);
        for (int i = replacements.size() - 1; i >= 0; i--) {
            Replacement replacement = replacements.get(i);
            result.replace(replacement.start(), replacement.end(), replacement.text());
        }
        return result.toString();
    }

    /** The line of {@code text} that {@code offset} is on. */
    private static String firstLine(String text, int offset) {
        int start = text.lastIndexOf('\n', offset - 1) + 1;
        int end = text.indexOf('\n', offset);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /**
     * What the changed line becomes: with insertions (which add no line) the line of the first one, as
     * rewritten; with new statements, their first lines (at most four).
     */
    private static String preview(String text, Replacement replacement) {
        String rewritten = apply(text, List.of(replacement));
        if (replacement.text().contains("\n") && !text.substring(replacement.start(), replacement.end()).contains("\n")
                || replacement.text().startsWith("\n") || replacement.text().contains("DO $")) {
            String[] lines = replacement.text().strip().split("\n", -1);
            return String.join("\n", List.of(lines).subList(0, Math.min(lines.length, 4))) + (lines.length > 4 ? "\n..." : "");
        }
        return firstLine(rewritten, replacement.focus());
    }

    private static boolean atLineStart(String text, int offset) {
        int start = text.lastIndexOf('\n', offset - 1) + 1;
        return text.substring(start, offset).isBlank();
    }

    private static int lineOffset(String text, int line) {
        int offset = 0;
        for (int i = 1; i < line && offset >= 0; i++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return text.length();
            }
        }
        return offset;
    }

    private static boolean exempt(String[] lines, int line) {
        return contains(lines, line - 2) || contains(lines, line - 1);
    }

    private static boolean contains(String[] lines, int index) {
        return index >= 0 && index < lines.length && lines[index].toLowerCase(Locale.ROOT).contains(EXEMPT);
    }
}
