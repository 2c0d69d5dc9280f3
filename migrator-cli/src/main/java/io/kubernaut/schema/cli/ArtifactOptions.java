package io.kubernaut.schema.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Families by Maven coordinates: {@code --artifact}, {@code --bom}. Given, the families come from the
 * resolved artifacts (plus {@code --classpath}) instead of the CLI's own class path.
 */
final class ArtifactOptions {

    @Option(names = "--artifact", paramLabel = "GROUP:ARTIFACT:VERSION", split = ",",
            description = "Take the families from this Maven artifact, and the families it depends on, resolved from the"
                    + " repositories (see --repo), instead of from the class path. Repeatable, or comma-separated.")
    List<String> artifacts = new ArrayList<>();

    @Option(names = "--bom", paramLabel = "GROUP:ARTIFACT:VERSION", split = ",",
            description = "Take every family this BOM manages, at its managed version (entries that are not families are"
                    + " skipped). Repeatable, or comma-separated; combines with --artifact.")
    List<String> boms = new ArrayList<>();

    /** Whether families are to be resolved by coordinates. */
    boolean any() {
        return !artifacts.isEmpty() || !boms.isEmpty();
    }
}
