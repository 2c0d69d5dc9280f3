package io.kubernaut.schema.migrator.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@link IdempotencyLint} found in a family's folder and, after {@link IdempotencyLint#fix}, what
 * it rewrote.
 *
 * @param sources  the folder it read
 * @param fixed    whether this is the report of a fix (else of a check)
 * @param findings the statements that stay non-idempotent: all of them after a check, those without a
 *                 mechanical fix after a fix
 * @param changes  the statements a fix rewrote (empty after a check)
 * @param texts    the rewritten text of each changed file, by file name (empty after a check)
 * @since 0.1.0
 */
public record LintReport(MigrationSources sources, boolean fixed, List<Finding> findings, List<Change> changes,
        Map<String, String> texts) {

    /**
     * A statement that is not idempotent.
     *
     * @param script  the file name
     * @param line    the statement's first line
     * @param problem what is wrong
     * @param fix     what {@code --fix} does about it, or null when it cannot
     * @param reason  why there is no mechanical fix (what to do instead), or null when there is one
     */
    public record Finding(String script, int line, String problem, String fix, String reason) {

        /** Whether {@link IdempotencyLint#fix} rewrites it. */
        public boolean fixable() {
            return reason == null;
        }
    }

    /**
     * A statement {@link IdempotencyLint#fix} rewrote.
     *
     * @param script  the file name
     * @param line    the statement's first line (in the file before the rewrite)
     * @param problem what was wrong
     * @param fix     what the rewrite did
     * @param before  the line that changed, as it was
     * @param after   what it became (several lines when new statements replaced it)
     */
    public record Change(String script, int line, String problem, String fix, String before, String after) {
    }

    public LintReport {
        Objects.requireNonNull(sources, "sources");
        findings = List.copyOf(findings);
        changes = List.copyOf(changes);
        texts = Map.copyOf(new LinkedHashMap<>(texts));
    }

    /** Whether nothing non-idempotent is left (after a fix: nothing that needs a hand). */
    public boolean clean() {
        return findings.isEmpty();
    }

    /**
     * Writes the rewritten files over the originals, keeping each file's line ends (CRLF stays CRLF).
     *
     * @return the files written
     */
    public List<Path> write() throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(texts).entrySet()) {
            Path file = sources.directory().resolve(entry.getKey());
            String original = Files.readString(file, StandardCharsets.UTF_8);
            String text = original.contains("\r\n") ? entry.getValue().replace("\n", "\r\n") : entry.getValue();
            Files.writeString(file, text, StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /**
     * The report for a person: each change as {@code file:line: problem: fix} with the line before
     * ({@code -}) and after ({@code +}), each remaining finding with what to do, and a summary line.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Change change : changes) {
            text.append(sources.path(script(change.script()))).append(':').append(change.line()).append(": ")
                    .append(change.problem()).append(": ").append(change.fix()).append('\n');
            text.append("    - ").append(change.before().strip()).append('\n');
            for (String line : change.after().split("\n")) {
                text.append("    + ").append(line.stripTrailing()).append('\n');
            }
        }
        for (Finding finding : findings) {
            text.append(sources.path(script(finding.script()))).append(':').append(finding.line()).append(": ")
                    .append(finding.problem());
            if (!finding.fixable()) {
                text.append(": no mechanical fix: ").append(finding.reason());
            } else {
                text.append(" (--fix rewrites it: ").append(finding.fix()).append(')');
            }
            text.append('\n');
        }
        text.append(summary()).append('\n');
        return text.toString();
    }

    /** One line: how many statements were rewritten in how many files, how many are left and why. */
    public String summary() {
        long byHand = findings.stream().filter(f -> !f.fixable()).count();
        if (fixed) {
            return "lint --fix: " + changes.size() + (changes.size() == 1 ? " statement" : " statements") + " rewritten in "
                    + texts.size() + (texts.size() == 1 ? " file" : " files") + " of " + sources.directory() + "; "
                    + (byHand == 0 ? "nothing left to fix by hand" : byHand + " to fix by hand (listed above)");
        }
        if (findings.isEmpty()) {
            return "lint: every statement of the " + sources.scripts().size() + " migrations in " + sources.directory()
                    + " is idempotent";
        }
        return "lint: " + findings.size() + (findings.size() == 1 ? " statement is" : " statements are")
                + " not idempotent in " + sources.directory() + ": " + (findings.size() - byHand) + " fixed by --fix, "
                + byHand + " to fix by hand";
    }

    private MigrationScript script(String name) {
        return sources.scripts().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
