package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A released family as the schema Maven plugin lays it out in a build's output folder (index, scripts
 * and a snapshot taken on the test PostgreSQL), for the compatibility tests.
 */
public final class Release {

    private final String family;
    private final String version;
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<String> requires = new LinkedHashSet<>();
    private final Map<String, String> scripts = new LinkedHashMap<>();
    private final List<SchemaModule> dependencies = new ArrayList<>();
    private boolean snapshot = true;

    private Release(String family, String version) {
        this.family = family;
        this.version = version;
    }

    public static Release of(String family, String version) {
        return new Release(family, version);
    }

    public Release tables(String... tables) {
        this.tables.addAll(Arrays.asList(tables));
        return this;
    }

    public Release requires(SchemaModule family) {
        requires.add(family.name());
        dependencies.add(family);
        return this;
    }

    /** Migration {@code V<n>}, in order from 1. */
    public Release migration(String description, String sql) {
        scripts.put("V" + (scripts.size() + 1) + "__" + description + ".sql", sql);
        return this;
    }

    public Release withoutSnapshot() {
        snapshot = false;
        return this;
    }

    /** Writes the release into {@code directory} and reads it back. */
    public FamilyArchive writeTo(Path directory) {
        try {
            Path root = directory.resolve(FamilyLayout.ROOT + family);
            Files.createDirectories(root);
            List<Migration> migrations = new ArrayList<>();
            int number = 0;
            for (Map.Entry<String, String> script : scripts.entrySet()) {
                number++;
                Files.writeString(root.resolve(script.getKey()), script.getValue());
                migrations.add(new Migration(number, script.getKey(), script.getKey(), FamilyIndex.checksum(script.getValue()),
                        true));
            }
            FamilyIndex index = new FamilyIndex(family, "io.example:schema-" + family, version,
                    tables.isEmpty() ? Set.of(family) : tables, requires, migrations);
            Files.writeString(root.resolve("index.properties"), index.write());
            if (snapshot) {
                Files.writeString(root.resolve(FamilyLayout.SNAPSHOT), snapshotOf(FamilyArchive.read(directory, family)).write());
            }
            return FamilyArchive.read(directory, family);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SchemaSnapshot snapshotOf(FamilyArchive archive) {
        TestPostgres.Database database = TestPostgres.newDatabase();
        List<SchemaModule> modules = new ArrayList<>(dependencies);
        modules.add(archive);
        SchemaObjects before = SchemaObjects.none();
        if (!dependencies.isEmpty()) {
            Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.of(dependencies))
                    .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().schema("build").build()).apply();
            try (Connection connection = database.dataSource().getConnection()) {
                before = SchemaObjects.inSchema(connection, "build");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.of(modules)).withListener(MigrationListener.silent())
                .withConfig(MigrationConfig.builder().schema("build").families(family).build()).apply();
        try (Connection connection = database.dataSource().getConnection()) {
            return SchemaSnapshot.take(connection, "build", SchemaObjects.inSchema(connection, "build").minus(before));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            database.server().dropDatabase(database.name());
        }
    }
}
