package io.kubernaut.schema.maven.internal;

import java.util.Locale;

/**
 * One migration script of a family's source folder.
 *
 * @param name        the file name, {@code V<version>__<description>.sql}
 * @param version     the version from the name
 * @param description the description from the name, underscores as spaces
 * @param text        the SQL
 */
public record ScriptFile(String name, int version, String description, String text) {

    /** The directive that marks a script to run outside a transaction. */
    public static final String NO_TRANSACTION = "-- migrator: no-transaction";

    /**
     * Whether the script runs inside a transaction: true unless a line before its first statement
     * is {@value #NO_TRANSACTION}.
     */
    public boolean transactional() {
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.toLowerCase(Locale.ROOT).equals(NO_TRANSACTION)) {
                return false;
            }
            if (!trimmed.isEmpty() && !trimmed.startsWith("--")) {
                return true;
            }
        }
        return true;
    }
}
