package io.kubernaut.schema.junit.modulepath;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.SchemaModule;

/**
 * The child of {@link FamiliesOnTheModulePathTest}: discovers the families as a service does (the
 * migrator's own discovery) and applies them to the database at {@code args[0]} as user {@code args[1]}
 * (password in {@code SCHEMA_TEST_PASSWORD}). Prints one line per family: its name and the module its
 * provider was loaded in.
 */
public final class ApplyOnModulePath {

    private ApplyOnModulePath() {
    }

    public static void main(String[] args) {
        for (SchemaModule family : SchemaCatalog.discover().families()) {
            System.out.println("family " + family.name() + " in module " + family.getClass().getModule().getName());
        }
        ApplyResult result = Migrator.using(args[0], args[1], System.getenv("SCHEMA_TEST_PASSWORD")).apply();
        System.out.println("applied " + result.applied().size());
    }
}
