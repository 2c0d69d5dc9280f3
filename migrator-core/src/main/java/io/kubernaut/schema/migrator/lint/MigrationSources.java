package io.kubernaut.schema.migrator.lint;

import io.kubernaut.schema.migrator.internal.GooseScript;
import io.kubernaut.schema.migrator.internal.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A family's migrations as its folder holds them, read and checked: names, numbering, and (for goose
 * files) the annotations. Every problem is reported at once, each with its {@code file:line}.
 *
 * <p>The format is given, or found from the file names: {@code V<n>__<description>.sql} is
 * {@link ScriptFormat#VERSIONED}, {@code <digits>_<description>.sql} is {@link ScriptFormat#GOOSE};
 * a folder mixing them is refused. Versions must be 1, 2, 3, … without gaps in both formats (a goose
 * folder made by {@code goose create -s} is), as a family's history is keyed by them. goose's
 * timestamp versions ({@code 20240101120000_x.sql}) are refused with the way out: {@code goose fix}
 * renumbers them to sequential ones, which is what goose itself advises before deploying.
 *
 * @param directory the folder
 * @param format    its format
 * @param scripts   its migrations in version order
 * @since 0.1.0
 */
public record MigrationSources(Path directory, ScriptFormat format, List<MigrationScript> scripts) {

    private static final Pattern VERSIONED_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern GOOSE_NAME = Pattern.compile("([0-9]+)_([A-Za-z0-9_.-]+)\\.(sql|go)");
    /** goose's own marker of a script to run outside a transaction, in the versioned format. */
    static final String NO_TRANSACTION = "-- migrator: no-transaction";
    /** Versions this high are goose timestamps (yyyyMMddHHmmss), not sequence numbers. */
    private static final long TIMESTAMP = 10_000_000L;

    public MigrationSources {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(format, "format");
        scripts = List.copyOf(scripts);
    }

    /**
     * Reads {@code directory}, its format found from its file names.
     *
     * @throws MigrationSourceException listing every problem with {@code file:line}
     * @throws IOException              when the folder cannot be read
     */
    public static MigrationSources read(Path directory) throws IOException {
        return read(directory, null);
    }

    /**
     * Reads {@code directory} as {@code format} (null: found from the file names).
     *
     * @throws MigrationSourceException listing every problem with {@code file:line}
     * @throws IOException              when the folder cannot be read
     */
    public static MigrationSources read(Path directory, ScriptFormat format) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new MigrationSourceException("The family has no script folder " + directory
                    + ": put its migrations there as V1__create_x.sql, V2__... (or goose files 001_create_x.sql, ...)",
                    List.of());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(f -> {
                String name = f.getFileName().toString();
                return name.endsWith(".sql") || GOOSE_NAME.matcher(name).matches();
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new MigrationSourceException("No migration in " + directory
                    + ": add V1__<description>.sql (or goose files 001_<description>.sql)", List.of());
        }
        ScriptFormat chosen = format != null ? format : detect(directory, files);
        List<String> problems = new ArrayList<>();
        List<MigrationScript> scripts = new ArrayList<>();
        for (Path file : files) {
            MigrationScript script = chosen == ScriptFormat.GOOSE ? goose(file, problems) : versioned(file, problems);
            if (script != null) {
                scripts.add(script);
            }
        }
        scripts.sort(Comparator.comparingInt(MigrationScript::version));
        numbering(directory, scripts, problems);
        for (MigrationScript script : scripts) {
            for (TransactionControl.Finding finding : TransactionControl.find(script.runText())) {
                problems.add(directory.resolve(script.name()) + ":" + finding.line() + ": " + finding.command()
                        + " is refused in a migration script: " + TransactionControl.REASON);
            }
        }
        if (!problems.isEmpty()) {
            throw new MigrationSourceException(directory + " cannot be built as a family", problems);
        }
        return new MigrationSources(directory, chosen, scripts);
    }

    /** The path of {@code script} in this folder. */
    public Path path(MigrationScript script) {
        return directory.resolve(script.name());
    }

    private static ScriptFormat detect(Path directory, List<Path> files) throws MigrationSourceException {
        String versioned = null;
        String goose = null;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (VERSIONED_NAME.matcher(name).matches()) {
                versioned = versioned == null ? name : versioned;
            } else if (GOOSE_NAME.matcher(name).matches()) {
                goose = goose == null ? name : goose;
            }
        }
        if (versioned != null && goose != null) {
            throw new MigrationSourceException(directory + " mixes V<n>__ scripts (" + versioned + ") and goose files ("
                    + goose + "): a family's folder holds one format; rename one kind, or give the format", List.of());
        }
        return goose != null ? ScriptFormat.GOOSE : ScriptFormat.VERSIONED;
    }

    private static MigrationScript versioned(Path file, List<String> problems) throws IOException {
        String name = file.getFileName().toString();
        Matcher matcher = VERSIONED_NAME.matcher(name);
        if (!matcher.matches()) {
            problems.add(file + ": a migration's name must be V<version>__<description>.sql, e.g. V3__legal_hold.sql"
                    + " (letters, digits and underscores in the description)"
                    + (GOOSE_NAME.matcher(name).matches() ? "; this folder is read as versioned scripts, not goose files" : ""));
            return null;
        }
        String text = text(file);
        for (int line : GooseScript.annotationLines(text)) {
            problems.add(file + ":" + line + ": a goose annotation in a V<n>__ script, where it would be a plain comment"
                    + " and a Down section would run right after the Up section: name the file as goose does"
                    + " (" + matcher.group(1) + "_" + matcher.group(2) + ".sql, in a folder of goose files) or remove"
                    + " the goose annotations");
        }
        return new MigrationScript(name, Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '),
                ScriptFormat.VERSIONED, text, text, versionedTransactional(text));
    }

    private static MigrationScript goose(Path file, List<String> problems) throws IOException {
        String name = file.getFileName().toString();
        Matcher matcher = GOOSE_NAME.matcher(name);
        if (!matcher.matches()) {
            problems.add(file + ": a goose migration's name must be <version>_<description>.sql, e.g. 003_legal_hold.sql"
                    + (VERSIONED_NAME.matcher(name).matches() ? "; this folder is read as goose files" : ""));
            return null;
        }
        if (matcher.group(3).equals("go")) {
            problems.add(file + ": a goose migration written in Go cannot be part of a family (its jar holds SQL):"
                    + " write it as " + matcher.group(1) + "_" + matcher.group(2) + ".sql");
            return null;
        }
        long version = parseVersion(matcher.group(1));
        if (version >= TIMESTAMP) {
            problems.add(file + ": version " + matcher.group(1) + " is a goose timestamp; a family numbers its migrations"
                    + " 1, 2, 3, ...: renumber the folder with 'goose fix' (goose's own command that makes timestamp"
                    + " versions sequential) and build again");
            return null;
        }
        if (version < 1) {
            problems.add(file + ": goose versions start at 1");
            return null;
        }
        String text = text(file);
        GooseScript goose = GooseScript.read(text);
        goose.problems().forEach(p -> problems.add(file + ":" + p.line() + ": " + p.message()));
        return new MigrationScript(name, (int) version, matcher.group(2).replace('_', ' '), ScriptFormat.GOOSE, text,
                goose.upText(), goose.transactional());
    }

    private static long parseVersion(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }

    private static void numbering(Path directory, List<MigrationScript> scripts, List<String> problems) {
        for (int i = 0; i < scripts.size(); i++) {
            MigrationScript script = scripts.get(i);
            String prefix = script.format() == ScriptFormat.VERSIONED ? "V" : "";
            if (i > 0 && scripts.get(i - 1).version() == script.version()) {
                problems.add(directory + ": " + scripts.get(i - 1).name() + " and " + script.name()
                        + " have the same version " + prefix + script.version());
            } else if (problems.isEmpty() && script.version() != i + 1) {
                problems.add(directory + ": versions must be 1, 2, 3, ... without gaps; " + script.name() + " comes where "
                        + prefix + (i + 1) + " was expected" + (script.format() == ScriptFormat.GOOSE ? " (a goose folder"
                                + " from which a file was deleted: a family's history is keyed by these numbers, so"
                                + " restore the missing version, even as a file with only '-- +goose Up')" : ""));
                return;
            }
        }
    }

    /**
     * The file's text without a leading byte order mark and with CRLF line ends as LF, as scripts are
     * checksummed (a checkout on Windows gives the same family); a lone CR, which only a string literal
     * holds nowadays, stays.
     */
    private static String text(Path file) throws IOException {
        return SqlScript.withoutByteOrderMark(Files.readString(file, StandardCharsets.UTF_8)).replace("\r\n", "\n");
    }

    /**
     * Whether a versioned script runs inside a transaction: true unless a line before its first
     * statement is {@value #NO_TRANSACTION}.
     */
    private static boolean versionedTransactional(String text) {
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
