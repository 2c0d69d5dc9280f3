package io.kubernaut.schema.migrator.spi;

import java.util.Objects;

/**
 * One versioned migration of a family, as listed in the family's index.
 *
 * @param version       1, 2, 3, ... in application order
 * @param description   human readable, from the script name ({@code V2__hash_chain.sql} gives "hash chain")
 * @param script        the script's file name, e.g. {@code V2__hash_chain.sql}
 * @param checksum      SHA-256 of the script text, lower-case hex (see {@link FamilyIndex#checksum(String)})
 * @param transactional false for scripts that cannot run inside a transaction ({@code CREATE INDEX CONCURRENTLY})
 * @since 0.1.0
 */
public record Migration(int version, String description, String script, String checksum, boolean transactional) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("Migration version must be 1 or more, was " + version);
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(checksum, "checksum");
        if (script.isBlank() || script.contains("/") || script.contains("\\")) {
            throw new IllegalArgumentException("Migration script must be a plain file name, was '" + script + "'");
        }
        if (!isSha256Hex(checksum)) {
            throw new IllegalArgumentException("Checksum of " + script + " is not a lower-case SHA-256 hex string: '"
                    + checksum + "'");
        }
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
