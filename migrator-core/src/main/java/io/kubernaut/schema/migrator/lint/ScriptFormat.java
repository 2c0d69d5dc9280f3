package io.kubernaut.schema.migrator.lint;

import java.util.Locale;

/**
 * How a family's folder names and writes its migrations.
 *
 * @since 0.1.0
 */
public enum ScriptFormat {

    /**
     * {@code V<version>__<description>.sql}, numbered 1, 2, 3, …; the whole file runs. A line
     * {@code -- migrator: no-transaction} before the first statement runs it outside a transaction.
     */
    VERSIONED,

    /**
     * goose's {@code NNN_<description>.sql} (e.g. {@code 001_init.sql}), its version numbers kept; only
     * the {@code -- +goose Up} section runs, {@code StatementBegin}/{@code StatementEnd} honoured, and
     * {@code -- +goose NO TRANSACTION} runs it outside a transaction.
     */
    GOOSE;

    /**
     * The format named {@code name} ({@code versioned}, {@code goose}, any case), or null for
     * {@code auto} or an empty name: the folder's file names decide.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ScriptFormat parse(String name) {
        if (name == null || name.isBlank() || name.strip().equalsIgnoreCase("auto")) {
            return null;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown script format '" + name + "': use auto, versioned or goose", e);
        }
    }
}
