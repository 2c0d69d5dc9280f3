package io.kubernaut.schema.migrator.spi;

import io.kubernaut.schema.migrator.FamilyFormatException;
import java.util.Objects;

/**
 * One versioned migration of a family, as listed in the family's index. An immutable value; the
 * constructor throws {@link FamilyFormatException} for a version below 1, a script name that is not a
 * plain {@code V<version>__<description>.sql} (or goose) file name, or a checksum that is not SHA-256 hex.
 *
 * @param version       1, 2, 3, ... in application order
 * @param description   human readable, from the script name ({@code V2__hash_chain.sql} gives "hash chain")
 * @param script        the script's file name, e.g. {@code V2__hash_chain.sql}
 * @param checksum      SHA-256 of the script text, lower-case hex (see {@link io.kubernaut.schema.migrator.archive.FamilyIndex#checksum(String)})
 * @param transactional false for scripts that cannot run inside a transaction ({@code CREATE INDEX CONCURRENTLY})
 * @since 0.1.0
 */
public record Migration(int version, String description, String script, String checksum, boolean transactional) {

    public Migration {
        if (version < 1) {
            throw new FamilyFormatException("Migration version must be 1 or more, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(checksum, "checksum");
        if (!isPlainScriptName(script, version)) {
            throw new FamilyFormatException("Migration V" + version + "'s script must be a plain file name"
                    + " V" + version + "__<description>.sql (or a goose file's " + version + "_<description>.sql), without"
                    + " a folder, was '" + script.replace("\n", "\\n") + "'");
        }
        if (!isSha256Hex(checksum)) {
            throw new FamilyFormatException("Checksum of " + script + " is not a lower-case SHA-256 hex string: '"
                    + checksum + "'");
        }
    }

    /**
     * Whether {@code script} is a file name next to the index, as the schema Maven plugin writes it:
     * {@code V<version>__<description>.sql} or goose's {@code <version>_<description>.sql}, the version
     * being this migration's. A name such as {@code ..} or {@code ../x.sql} would make the family read
     * another resource (a directory listing, another family's script) and run it as SQL.
     */
    private static boolean isPlainScriptName(String script, int version) {
        if (!script.endsWith(".sql")) {
            return false;
        }
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '/' || c == '\\' || c < ' ' || c == 0x7f) {
                return false;
            }
        }
        int start = script.startsWith("V") ? 1 : 0;
        int end = start;
        while (end < script.length() && Character.isDigit(script.charAt(end)) && script.charAt(end) <= '9') {
            end++;
        }
        if (end == start || end - start > 9 || Integer.parseInt(script.substring(start, end)) != version) {
            return false;
        }
        String separator = start == 1 ? "__" : "_";
        return script.startsWith(separator, end) && end + separator.length() < script.length() - ".sql".length();
    }

    /**
     * True for 64 lower-case hex digits. A loop, not a regular expression: a family's index makes one
     * Migration per script, and with a thousand families on the class path the pattern's matcher
     * showed in the profile of discovery (issue 6).
     */
    private static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
