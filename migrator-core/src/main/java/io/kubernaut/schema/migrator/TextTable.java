package io.kubernaut.schema.migrator;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: the readable forms of the results ({@link StatusReport},
 * {@link Plan}, ...), and any tool that prints beside them in the same shape (the CLI's lists).
 *
 * @since 0.1.0
 */
public final class TextTable {

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    /** A table with these column headers. */
    public TextTable(String... headers) {
        this.headers = headers.clone();
    }

    /**
     * Adds a row; each cell is shown as {@link String#valueOf(Object)} gives it.
     *
     * @throws IllegalArgumentException when the number of cells is not the number of headers
     */
    public TextTable row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("Expected " + headers.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** The headers and rows, a line each, columns two spaces apart, no trailing blanks. */
    @Override
    public String toString() {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        append(text, headers, widths);
        for (String[] row : rows) {
            append(text, row, widths);
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - cells[i].length() + 2));
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
