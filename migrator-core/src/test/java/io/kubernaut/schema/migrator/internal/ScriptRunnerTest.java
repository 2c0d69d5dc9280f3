package io.kubernaut.schema.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which batch entry pgjdbc's BatchUpdateException names (the database cases are in AtMostOnceTest):
 * its message in English and in another language, with and without the statement quoted.
 */
class ScriptRunnerTest {

    private static final List<String> ENTRIES = List.of("INSERT INTO t VALUES (1)", "SELECT 1 / 0", "INSERT INTO t VALUES (1)");

    private static BatchUpdateException batch(String message) {
        return new BatchUpdateException(message, "22012", 0, new int[] {-3, -3, -3}, null);
    }

    @Test
    void theEntryNumberOfPgjdbcsMessageIsTakenWhenItPointsAtTheQuotedStatement() {
        assertThat(ScriptRunner.failedEntry(batch("Batch entry 1 SELECT 1 / 0 was aborted: ERROR: division by zero"
                + "  Call getNextException to see other errors in the batch."), ENTRIES)).isEqualTo(1);
        assertThat(ScriptRunner.failedEntry(batch("Batch entry 2 INSERT INTO t VALUES (1) was aborted: ERROR: duplicate"),
                ENTRIES)).isEqualTo(2);
    }

    @Test
    void withoutTheStatementQuotedTheNumberAlone() {
        assertThat(ScriptRunner.failedEntry(batch("Batch entry 1 <unknown> was aborted: ERROR: division by zero"), ENTRIES))
                .isEqualTo(1);
    }

    @Test
    void aTranslatedMessageWithGroupedDigits() {
        List<String> many = new ArrayList<>(Collections.nCopies(1300, "SELECT 1"));
        many.set(1234, "SELECT 1 / 0");

        assertThat(ScriptRunner.failedEntry(batch("Batch-Eintrag 1.234 SELECT 1 / 0 wurde abgebrochen: FEHLER: Division durch Null"),
                many)).isEqualTo(1234);
    }

    @Test
    void aNumberThatDoesNotPointAtTheQuotedStatementFallsBackToTheOnlyQuotedOneElseUnknown() {
        assertThat(ScriptRunner.failedEntry(batch("Entry 0 of the batch, SELECT 1 / 0, was aborted"), ENTRIES)).isEqualTo(1);
        assertThat(ScriptRunner.failedEntry(batch("Entry 1 of the batch, INSERT INTO t VALUES (1), was aborted"), ENTRIES))
                .isEqualTo(-1);
    }
}
