package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.internal.SqlScript;
import java.util.List;
import java.util.Objects;

/**
 * One migration of a family's source folder.
 *
 * @param name          the file name, e.g. {@code V3__legal_hold.sql} or {@code 003_legal_hold.sql}
 * @param version       the version from the name
 * @param description   the description from the name, underscores as spaces
 * @param format        how it is written
 * @param text          the file's text, line ends turned into {@code \n}
 * @param runText       what runs and ships in the family's jar: the whole text, or a goose file's Up
 *                      section (the file up to its {@code -- +goose Down} line, so lines keep their numbers)
 * @param transactional whether it runs inside a transaction
 * @since 0.1.0
 */
public record MigrationScript(String name, int version, String description, ScriptFormat format, String text,
        String runText, boolean transactional) {

    public MigrationScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(runText, "runText");
    }

    /**
     * The statements of {@link #runText()} in order, split as the migrator splits them when it runs the
     * script (as psql does; a goose file's Up section as goose does), each with the line it starts on.
     */
    public List<SqlStatement> statements() {
        return SqlScript.parse(runText);
    }
}
