package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.internal.FamilyArchive;
import io.kubernaut.schema.migrator.internal.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.FamilyIndex;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds to a family jar (one {@link FamilyJar} wrote) the {@code snapshot.txt} the schema Maven plugin
 * would ship: the family is applied to a fresh database of the test server, in a schema that is not
 * {@code public}, and its tables are snapshot from the catalog.
 */
public final class SnapshotJars {

    private SnapshotJars() {
    }

    /**
     * Adds the snapshot of {@code family} to {@code jar} and returns the jar.
     *
     * @param required families {@code family} requires, applied first
     */
    public static Path withSnapshot(Path jar, String family, SchemaModule... required) {
        try {
            FamilyArchive archive = FamilyArchive.read(jar, family);
            String text = snapshot(archive, required).write();
            try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                Files.writeString(zip.getPath(FamilyIndex.ROOT + family + "/" + FamilyArchive.SNAPSHOT), text,
                        StandardCharsets.UTF_8);
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SchemaSnapshot snapshot(FamilyArchive family, SchemaModule... required) {
        TestPostgres.Database database = TestPostgres.newDatabase();
        List<SchemaModule> modules = new ArrayList<>(List.of(required));
        modules.add(family);
        try {
            Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.of(modules))
                    .withListener(MigrationListener.silent())
                    .withConfig(MigrationConfig.builder().schema("snapshot_build").families(family.name()).build()).apply();
            try (Connection connection = database.dataSource().getConnection()) {
                return SchemaSnapshot.take(connection, "snapshot_build", family.tables());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            database.server().dropDatabase(database.name());
        }
    }
}
