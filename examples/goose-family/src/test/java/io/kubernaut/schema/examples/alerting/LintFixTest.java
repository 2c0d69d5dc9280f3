package io.kubernaut.schema.examples.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.lint.IdempotencyLint;
import io.kubernaut.schema.migrator.lint.LintReport;
import io.kubernaut.schema.migrator.lint.MigrationSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What it took to turn the team's goose files into a family that builds: {@code migrator lint --fix}
 * on goose-original/, then the edits by hand that migrations/ holds on top of its output. The build of
 * this module (which fails on any statement that is not idempotent) proves migrations/ is enough.
 */
class LintFixTest {

    static final Path ORIGINAL = Path.of("goose-original");
    static final Path MIGRATIONS = Path.of("migrations");

    @TempDir
    Path work;

    @Test
    void theFixRewritesAllButThreeStatementsAndSaysWhyForThose() throws Exception {
        LintReport report = IdempotencyLint.fix(MigrationSources.read(copy()));

        assertThat(report.changes()).hasSize(107);
        assertThat(report.texts()).hasSize(17);
        assertThat(report.findings()).extracting(f -> f.script() + ":" + f.line() + " " + f.fixable()).containsExactly(
                "005_silences.sql:12 false", "008_alert_labels.sql:11 false", "013_rebuild_escalation_steps.sql:4 false");
    }

    @Test
    void fiveEditsByHandOnTopOfTheFixMakeTheFamilyThatBuilds() throws Exception {
        Path fixed = copy();
        IdempotencyLint.fix(MigrationSources.read(fixed)).write();

        List<String> edits = new ArrayList<>();
        for (Path file : files(MIGRATIONS)) {
            List<String> hunks = hunks(Files.readAllLines(fixed.resolve(file.getFileName())), Files.readAllLines(file));
            hunks.forEach(hunk -> edits.add(file.getFileName() + ":" + hunk));
        }

        // 004: the seed of a table without a unique key (the second run inserted it again) as INSERT ... WHERE NOT EXISTS;
        // 005: a name for an unnamed index; 007: IF NOT EXISTS inside a DO loop's dynamic SQL (the second run failed);
        // 008: a name for an unnamed UNIQUE constraint (the fix then wrapped it); 013: the rewrite guarded by the old shape.
        assertThat(edits).containsExactly("004_seed_reference_data.sql:26", "005_silences.sql:19",
                "007_notifications_partitioned.sql:20", "008_alert_labels.sql:11", "013_rebuild_escalation_steps.sql:4");
        assertThat(IdempotencyLint.check(MigrationSources.read(MIGRATIONS)).findings()).isEmpty();
    }

    private Path copy() throws IOException {
        Path copy = work.resolve("migrations");
        Files.createDirectories(copy);
        for (Path file : files(ORIGINAL)) {
            Files.copy(file, copy.resolve(file.getFileName()));
        }
        return copy;
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /**
     * The first line (1-based, in {@code after}) of each run of changed lines between {@code before} and
     * {@code after}, from their longest common subsequence.
     */
    static List<String> hunks(List<String> before, List<String> after) {
        int[][] common = new int[before.size() + 1][after.size() + 1];
        for (int i = before.size() - 1; i >= 0; i--) {
            for (int j = after.size() - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> hunks = new ArrayList<>();
        int i = 0;
        int j = 0;
        boolean inHunk = false;
        while (i < before.size() || j < after.size()) {
            if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
                i++;
                j++;
                inHunk = false;
                continue;
            }
            if (!inHunk) {
                hunks.add(String.valueOf(j + 1));
                inHunk = true;
            }
            if (j < after.size() && (i == before.size() || common[i][j + 1] >= common[i + 1][j])) {
                j++;
            } else {
                i++;
            }
        }
        return hunks;
    }
}
