package io.kubernaut.schema.migrator.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.Release;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FamilyArchiveTest {

    @TempDir
    Path work;

    @Test
    void readsAFamilyFromAJarWithoutLoadingItsClasses() throws Exception {
        FamilyJar family = FamilyJar.family("orders").version("1.2.0")
                .migration("V1__create.sql", "CREATE TABLE IF NOT EXISTS orders (id INT);")
                .migration("V2__note.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS note TEXT;");
        Path jar = family.writeTo(work);

        FamilyArchive archive = FamilyArchive.read(jar, "orders");

        assertThat(FamilyArchive.families(jar)).containsExactly("orders");
        assertThat(archive.index()).isEqualTo(family.index());
        assertThat(archive.artifactVersion()).isEqualTo("1.2.0");
        assertThat(archive.readScript(archive.migrations().get(1))).isEqualTo("ALTER TABLE orders ADD COLUMN IF NOT EXISTS note TEXT;");
        assertThat(archive.location()).isEqualTo(jar.toString());
        assertThat(archive.schemaSnapshot()).as("FamilyJar writes no snapshot").isEmpty();
    }

    @Test
    void readsAFamilyAndItsSnapshotFromABuildOutputFolder() throws Exception {
        FamilyArchive archive = Release.of("orders", "1.0.0").migration("create", "CREATE TABLE IF NOT EXISTS orders (id INT);")
                .writeTo(work);

        assertThat(FamilyArchive.families(work)).containsExactly("orders");
        assertThat(archive.schemaSnapshot()).hasValueSatisfying(s -> assertThat(s.entries())
                .containsEntry("column\torders.id", "integer null"));
        assertThat(archive.snapshot()).as("the SPI's text form").hasValueSatisfying(text -> assertThat(text)
                .contains("column\torders.id\tinteger null\n"));
    }

    @Test
    void missingFamilyNamesWhatTheArchiveHolds() {
        Path jar = FamilyJar.family("orders").migration("V1__create.sql", "SELECT 1;").writeTo(work);

        assertThatThrownBy(() -> FamilyArchive.read(jar, "invoices")).isInstanceOf(FamilyFormatException.class)
                .hasMessage(jar + " holds no family 'invoices' (no META-INF/schema-registry/invoices/index.properties);"
                        + " it holds orders");
    }

    @Test
    void scriptListedButMissingIsNamed() {
        Path jar = FamilyJar.family("orders").migration("V1__create.sql", "SELECT 1;").withoutScriptFile("V1__create.sql")
                .writeTo(work);

        assertThatThrownBy(() -> FamilyArchive.read(jar, "orders")).isInstanceOf(FamilyFormatException.class)
                .hasMessageContaining("lists V1__create.sql in its index, but META-INF/schema-registry/orders/V1__create.sql"
                        + " is missing from " + jar);
    }
}
