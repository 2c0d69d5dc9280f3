package io.kubernaut.schema.migrator.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema after each version, as a family jar ships it, read through the SPI and from the archive alike. */
class VersionSnapshotTest {

    @TempDir
    Path work;

    private static final String AFTER_V1 = "table\torders\ttable\ncolumn\torders.id\tinteger null\n";
    private static final String AFTER_V2 = AFTER_V1 + "column\torders.note\ttext null\n";
    private static final String AFTER_V3 = AFTER_V2 + "index\torders.orders_note\tCREATE INDEX orders_note ON orders USING btree (note)\n";

    private static FamilyJar orders() {
        return FamilyJar.family("orders")
                .migration("V1__create.sql", "CREATE TABLE IF NOT EXISTS orders (id INT);")
                .migration("V2__note.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note TEXT;")
                .migration("V3__index.sql", "CREATE INDEX IF NOT EXISTS orders_note ON orders (note);");
    }

    @Test
    void eachVersionHasItsSnapshotAndTheLatestIsTheOneVerifyUses() throws Exception {
        Path jar = orders().snapshot(1, AFTER_V1).snapshot(2, AFTER_V2).snapshot(AFTER_V3).writeTo(work);

        try (URLClassLoader loader = FamilyJar.loaderOf(jar)) {
            SchemaModule module = SchemaCatalog.discover(loader).family("orders").orElseThrow();
            assertThat(List.of(module.snapshot(1), module.snapshot(2), module.snapshot(3)))
                    .extracting(s -> s.orElseThrow()).containsExactly(AFTER_V1, AFTER_V2, AFTER_V3);
            assertThat(module.snapshot(3)).isEqualTo(module.snapshot());
        }
        FamilyArchive archive = FamilyArchive.read(jar, "orders");
        assertThat(List.of(archive.snapshot(1), archive.snapshot(2), archive.snapshot(3)))
                .extracting(s -> s.orElseThrow()).containsExactly(AFTER_V1, AFTER_V2, AFTER_V3);
    }

    @Test
    void aJarOfAnOlderPluginHasOnlyTheLatestSnapshot() throws Exception {
        Path jar = orders().snapshot(AFTER_V3).writeTo(work);

        try (URLClassLoader loader = FamilyJar.loaderOf(jar)) {
            SchemaModule module = SchemaCatalog.discover(loader).family("orders").orElseThrow();
            assertThat(module.snapshot(1)).isEmpty();
            assertThat(module.snapshot(2)).isEmpty();
            assertThat(module.snapshot(3)).contains(AFTER_V3);
            assertThatThrownBy(() -> module.snapshot(4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Family 'orders' has migrations 1 to 3, not 4");
        }
        assertThat(FamilyArchive.read(jar, "orders").snapshot(2)).isEmpty();
    }
}
