package io.kubernaut.schema.maven.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads a family's scripts from its source folder and checks their names and numbering. */
public final class ScriptFiles {

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private ScriptFiles() {
    }

    /**
     * The scripts of {@code directory} in version order.
     *
     * @throws BuildFailure when a .sql file is misnamed, two share a version, or versions have gaps
     */
    public static List<ScriptFile> read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new BuildFailure("The family has no script folder " + directory
                    + ": put its migrations there as V1__create_x.sql, V2__...");
        }
        List<ScriptFile> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".sql")) {
                    continue;
                }
                Matcher matcher = NAME.matcher(name);
                if (!matcher.matches()) {
                    throw new BuildFailure(file + ": a migration's name must be V<version>__<description>.sql,"
                            + " e.g. V3__legal_hold.sql (letters, digits and underscores in the description)");
                }
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
                scripts.add(new ScriptFile(name, Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '), text));
            }
        }
        scripts.sort(Comparator.comparingInt(ScriptFile::version));
        if (scripts.isEmpty()) {
            throw new BuildFailure("No migration in " + directory + ": add V1__<description>.sql");
        }
        for (int i = 0; i < scripts.size(); i++) {
            ScriptFile script = scripts.get(i);
            if (i > 0 && scripts.get(i - 1).version() == script.version()) {
                throw new BuildFailure(directory + ": " + scripts.get(i - 1).name() + " and " + script.name()
                        + " have the same version V" + script.version());
            }
            if (script.version() != i + 1) {
                throw new BuildFailure(directory + ": versions must be 1, 2, 3, ... without gaps; " + script.name()
                        + " comes where V" + (i + 1) + " was expected");
            }
        }
        return scripts;
    }
}
