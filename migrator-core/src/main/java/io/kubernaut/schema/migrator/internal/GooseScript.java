package io.kubernaut.schema.migrator.internal;

import io.kubernaut.schema.migrator.lint.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A migration file in the format of <a href="https://github.com/pressly/goose">goose</a>: SQL with
 * {@code -- +goose Up}, {@code -- +goose Down}, {@code -- +goose StatementBegin} /
 * {@code StatementEnd} and {@code -- +goose NO TRANSACTION} annotations, each on a line of its own.
 *
 * <p>Only the Up section is ever run: everything from the {@code -- +goose Down} line on is left out.
 * Statements are split as goose splits them: a {@code StatementBegin}..{@code StatementEnd} block
 * always ends at {@code StatementEnd}, whether or not its last statement ends with a semicolon, and
 * annotations end the statement before them. Within a block or between annotations, statements are
 * split like every other script ({@link SqlScript}: semicolons in quotes, dollar quotes and comments
 * do not count), where goose sends a block as one string that PostgreSQL then splits the same way;
 * splitting here lets an error name the statement's own line. Each statement keeps the line of the
 * file it starts on.
 *
 * <p>Annotations are recognised as goose recognises them: case-insensitively, at the start of a line,
 * {@code --} then {@code +goose} then the command, spaces between them optional. A line that looks
 * like an annotation but is not one goose runs ({@code "  -- +goose Down"} indented,
 * {@code "-- +goose Dwon"}, {@code "-- goose Down"}) is reported as a {@link Problem}, as are the
 * files goose itself refuses (no Up annotation, statements before it, a block left open, a last
 * statement without its semicolon): with a Down annotation goose ignores, its statements would run as
 * part of the Up section. The build refuses a file with problems; at run time (its jar holds only the
 * checked Up section) problems are ignored.
 *
 * @see <a href="https://pressly.github.io/goose/documentation/annotations/">goose annotations</a>
 */
public final class GooseScript {

    /** The annotations goose knows, by their lower-case command. */
    enum Annotation {
        UP("up"), DOWN("down"), STATEMENT_BEGIN("statementbegin"), STATEMENT_END("statementend"),
        NO_TRANSACTION("no transaction"), ENVSUB_ON("envsub on"), ENVSUB_OFF("envsub off");

        private final String command;

        Annotation(String command) {
            this.command = command;
        }

        static Annotation of(String command) {
            for (Annotation annotation : values()) {
                if (annotation.command.equals(command)) {
                    return annotation;
                }
            }
            return null;
        }
    }

    /** A line that mentions goose in a comment, the way an annotation would, e.g. {@code "  --+Goose down"}. */
    private static final Pattern LOOKS_LIKE_ANNOTATION = Pattern.compile("(?i)^\\s*--\\s*\\+?\\s*goose\\b.*");

    /**
     * Something goose would refuse or misread in a file.
     *
     * @param line    the 1-based line
     * @param message what is wrong and what to do
     */
    public record Problem(int line, String message) {
    }

    /**
     * A statement of the Up section.
     *
     * @param statement the statement and its line
     * @param inBlock   whether it is inside a {@code StatementBegin}..{@code StatementEnd} block
     */
    public record Piece(SqlStatement statement, boolean inBlock) {
    }

    private final String text;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private boolean transactional = true;
    private int downLine;

    private GooseScript(String text) {
        // goose reads a file line by line, dropping the CR of a CRLF line end; a lone CR stays in the text.
        this.text = text.replace("\r\n", "\n");
    }

    /** Whether {@code sql} is a goose file: one of its lines is a {@code -- +goose Up} annotation. */
    public static boolean isGoose(String sql) {
        if (!sql.regionMatches(true, 0, "--", 0, 2) && !sql.contains("\n--") && !sql.startsWith("\uFEFF--")) {
            return false;
        }
        int start = 0;
        while (start <= sql.length()) {
            int end = sql.indexOf('\n', start);
            if (end < 0) {
                end = sql.length();
            }
            String line = sql.substring(start, end);
            if (start == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.startsWith("--") && annotation(line) == Annotation.UP) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * The lines of {@code sql} that are goose annotations or look like one (1-based): a script that is
     * not a goose file must have none, or goose's markers would be read as plain comments and its
     * Down section would run.
     */
    public static List<Integer> annotationLines(String sql) {
        List<Integer> result = new ArrayList<>();
        String[] lines = sql.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (annotation(line) != null || LOOKS_LIKE_ANNOTATION.matcher(line).matches()) {
                result.add(i + 1);
            }
        }
        return result;
    }

    /** Reads a goose file. */
    public static GooseScript read(String sql) {
        GooseScript script = new GooseScript(sql);
        script.parse();
        return script;
    }

    /** The statements of the Up section, in order. */
    public List<Piece> pieces() {
        return List.copyOf(pieces);
    }

    /** The statements of the Up section, in order. */
    public List<SqlStatement> statements() {
        return pieces.stream().map(Piece::statement).toList();
    }

    /** What goose would refuse or misread, in line order; empty for a sound file. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** False when the file has a {@code -- +goose NO TRANSACTION} annotation (goose honours it anywhere in the file). */
    public boolean transactional() {
        return transactional;
    }

    /**
     * The text that runs: the file up to (not including) its {@code -- +goose Down} line, so the Down
     * section never ships and lines keep their numbers; the whole file when it has no Down section.
     */
    public String upText() {
        if (downLine == 0) {
            return text;
        }
        int offset = 0;
        for (int line = 1; line < downLine; line++) {
            offset = text.indexOf('\n', offset) + 1;
        }
        return text.substring(0, offset);
    }

    private enum State { START, UP, BLOCK, DOWN, DOWN_BLOCK }

    private void parse() {
        String[] lines = text.split("\n", -1);
        State state = State.START;
        StringBuilder segment = new StringBuilder();
        int segmentLine = 1;
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            Annotation annotation = line.startsWith("--") ? annotation(line) : null;
            if (annotation == null) {
                if (LOOKS_LIKE_ANNOTATION.matcher(line).matches()) {
                    problems.add(new Problem(number, "'" + line.strip() + "' is not a goose annotation goose runs"
                            + " (annotations are '-- +goose Up', 'Down', 'StatementBegin', 'StatementEnd', 'NO TRANSACTION',"
                            + " at the very start of a line): goose " + (Character.isWhitespace(line.charAt(0))
                                    ? "refuses an indented annotation or reads it as SQL" : "reads it as a plain comment")
                            + ", so what follows it would not be where it seems; write the annotation exactly"));
                }
                if (state == State.START && !line.isBlank() && !line.strip().startsWith("--")) {
                    problems.add(new Problem(number, "SQL before the '-- +goose Up' annotation: goose refuses the file;"
                            + " start it with '-- +goose Up'"));
                }
                if (state == State.DOWN || state == State.DOWN_BLOCK) {
                    continue;
                }
                if (segment.isEmpty()) {
                    segmentLine = number;
                }
                segment.append(line).append('\n');
                continue;
            }
            switch (annotation) {
                case UP -> {
                    if (state != State.START) {
                        problems.add(new Problem(number, "a second '-- +goose Up' annotation: goose refuses the file"));
                    }
                    flush(segment, segmentLine, state == State.BLOCK);
                    state = state == State.START ? State.UP : state;
                }
                case DOWN -> {
                    if (state == State.START) {
                        problems.add(new Problem(number, "'-- +goose Down' before '-- +goose Up': goose refuses the file"));
                    } else if (state == State.BLOCK) {
                        problems.add(new Problem(number, "'-- +goose Down' inside a StatementBegin block: add"
                                + " '-- +goose StatementEnd' before it"));
                    } else if (state == State.DOWN || state == State.DOWN_BLOCK) {
                        problems.add(new Problem(number, "a second '-- +goose Down' annotation: goose refuses the file"));
                    }
                    if (state == State.UP) {
                        requireSemicolon(segment, segmentLine);
                    }
                    flush(segment, segmentLine, state == State.BLOCK);
                    if (downLine == 0) {
                        downLine = number;
                    }
                    state = State.DOWN;
                }
                case STATEMENT_BEGIN -> {
                    if (state == State.START) {
                        problems.add(new Problem(number, "'-- +goose StatementBegin' before '-- +goose Up': goose refuses"
                                + " the file"));
                    } else if (state == State.BLOCK || state == State.DOWN_BLOCK) {
                        problems.add(new Problem(number, "'-- +goose StatementBegin' inside a block: goose refuses the"
                                + " file; end the block first with '-- +goose StatementEnd'"));
                    }
                    if (state == State.UP) {
                        requireSemicolon(segment, segmentLine);
                    }
                    flush(segment, segmentLine, false);
                    state = state == State.DOWN || state == State.DOWN_BLOCK ? State.DOWN_BLOCK : State.BLOCK;
                }
                case STATEMENT_END -> {
                    if (state != State.BLOCK && state != State.DOWN_BLOCK) {
                        problems.add(new Problem(number, "'-- +goose StatementEnd' without a '-- +goose StatementBegin'"
                                + " before it: goose refuses the file"));
                    }
                    flush(segment, segmentLine, state == State.BLOCK);
                    state = state == State.DOWN_BLOCK ? State.DOWN : state == State.START ? State.START : State.UP;
                }
                case NO_TRANSACTION -> transactional = false;
                case ENVSUB_ON -> problems.add(new Problem(number, "'-- +goose ENVSUB ON' makes goose replace ${VAR}"
                        + " with environment variables; a family's SQL must be the same everywhere: write the values"
                        + " into the file"));
                case ENVSUB_OFF -> {
                    // Substitution is never on here.
                }
                default -> throw new IllegalStateException(annotation.name());
            }
        }
        switch (state) {
            case START -> problems.add(new Problem(1, "no '-- +goose Up' annotation: goose refuses the file"));
            case BLOCK, DOWN_BLOCK -> problems.add(new Problem(lines.length, "a '-- +goose StatementBegin' block is"
                    + " never ended: add '-- +goose StatementEnd'"));
            case UP -> requireSemicolon(segment, segmentLine);
            default -> {
                // The Down section is not run.
            }
        }
        flush(segment, segmentLine, state == State.BLOCK);
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
    }

    /** Splits the collected lines into statements that keep their file lines, and starts a new segment. */
    private void flush(StringBuilder segment, int firstLine, boolean inBlock) {
        if (segment.isEmpty()) {
            return;
        }
        for (SqlStatement statement : SqlScript.split("\n".repeat(firstLine - 1) + segment)) {
            pieces.add(new Piece(statement, inBlock));
        }
        segment.setLength(0);
    }

    /**
     * goose refuses a file whose Up section leaves a statement without its semicolon outside a block
     * ("unexpected unfinished SQL query"): the statement would be glued to what follows.
     */
    private void requireSemicolon(StringBuilder segment, int firstLine) {
        List<SqlStatement> statements = SqlScript.split("\n".repeat(firstLine - 1) + segment);
        if (statements.isEmpty()) {
            return;
        }
        SqlStatement last = statements.get(statements.size() - 1);
        String body = segment.toString();
        int start = body.lastIndexOf(last.text());
        String rest = start < 0 ? "" : body.substring(start + last.text().length()).strip();
        if (!rest.startsWith(";")) {
            problems.add(new Problem(last.line(), "the statement is not ended by a semicolon: goose refuses the file"
                    + " (\"unfinished SQL query\"); end it with ';'"));
        }
    }

    /**
     * The annotation on {@code line}, or null: {@code --}, optional spaces, {@code +goose}, then a
     * command, compared without regard to case or the number of spaces within it.
     */
    static Annotation annotation(String line) {
        if (!line.startsWith("--")) {
            return null;
        }
        String rest = line.substring(2).strip();
        if (!rest.regionMatches(true, 0, "+goose", 0, 6)) {
            return null;
        }
        String command = rest.substring(6);
        if (!command.isEmpty() && !Character.isWhitespace(command.charAt(0))) {
            return null;
        }
        return Annotation.of(command.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
    }
}
