package io.kubernaut.schema.cli;

import io.kubernaut.schema.cli.ClasspathOptions.Families;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.TextTable;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code migrator list}: the families on the class path; needs no database. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the families on the class path (the CLI's and --classpath): name, artifact version,"
                + " tables, required families, number of migrations. Needs no database.")
final class ListCommand extends CliCommand {

    @Override
    protected ExitCode execute(Console console) {
        try (Families families = families(console)) {
            SchemaCatalog catalog = families.catalog();
            console.result(table(catalog), Json.families(catalog));
            return ExitCode.SUCCESS;
        }
    }

    private static String table(SchemaCatalog catalog) {
        if (catalog.families().isEmpty()) {
            return "No families on the class path. Add family jars with --classpath.\n";
        }
        TextTable table = new TextTable("FAMILY", "VERSION", "TABLES", "REQUIRES", "MIGRATIONS", "FROM");
        for (SchemaModule family : catalog.families()) {
            table.row(family.name(), family.artifactVersion(), String.join(",", new TreeSet<>(family.tables())),
                    family.requires().isEmpty() ? "-" : String.join(",", new TreeSet<>(family.requires())),
                    family.migrations().size(), family.location().replaceFirst("^file:", ""));
        }
        return table.toString() + catalog.families().size() + (catalog.families().size() == 1 ? " family, " : " families, ")
                + catalog.tableOwners().size() + (catalog.tableOwners().size() == 1 ? " table\n" : " tables\n");
    }
}
