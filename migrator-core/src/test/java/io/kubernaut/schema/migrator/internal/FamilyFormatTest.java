package io.kubernaut.schema.migrator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.FamilyFormatException;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.spi.Migration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An index reads back as written, and reads as {@link Properties} reads it whatever its form: the
 * lines {@link FamilyFormat#writeIndex} writes are parsed directly, anything else by Properties.
 */
class FamilyFormatTest {

    private static final String CHECKSUM = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void anIndexReadsBackAsWrittenWithEscapedAndUnicodeValues() throws IOException {
        FamilyIndex index = new FamilyIndex("orders", "io.example:schema-orders", "1.0.0=:#!",
                new LinkedHashSet<>(List.of("orders", "order_lines")), Set.of("customers"), List.of(
                        new Migration(1, "create orders \\ with\nnew line\rand return", "V1__create_orders.sql", CHECKSUM, true),
                        new Migration(2, "ünïcödé, a # and a !", "V2__index.sql", CHECKSUM, false)));

        FamilyIndex read = FamilyIndex.read(new ByteArrayInputStream(index.write().getBytes(StandardCharsets.UTF_8)), "test");

        assertThat(read).isEqualTo(index);
    }

    @Test
    void writtenLinesReadAsPropertiesReadsThemAlsoWithLeadingWhitespace() throws IOException {
        FamilyIndex index = new FamilyIndex("orders", "", " 1.0.0", Set.of("orders"), Set.of(), List.of(
                new Migration(1, "\tcreate \\ orders\n", "V1__create_orders.sql", CHECKSUM, true),
                new Migration(2, "\u000Bvertical tab first", "V2__index.sql", CHECKSUM, true)));

        assertThat(FamilyFormat.properties(index.write())).isEqualTo(viaProperties(index.write()))
                .containsEntry("artifactVersion", " 1.0.0").containsEntry("migration.1.description", "\tcreate \\ orders\n");
    }

    @Test
    void otherPropertiesSyntaxReadsAsPropertiesReadsIt() throws IOException {
        String text = "# a comment\n"
                + "! another\n"
                + "format = 1\n"
                + "family: orders\n"
                + "artifactVersion 1.0.0\n"
                + "   \n"
                + "tables=orders,\\\n"
                + "    order_lines\n"
                + "requires=\\u0063ustomers\n"
                + "migrations=\r\n"
                + "artifact=io.example\\:schema-orders\r"
                + "escaped\\ key=value\\twith tab";

        assertThat(FamilyFormat.properties(text)).isEqualTo(viaProperties(text));
        assertThat(FamilyFormat.properties(text)).containsEntry("tables", "orders,order_lines")
                .containsEntry("requires", "customers").containsEntry("artifact", "io.example:schema-orders")
                .containsEntry("escaped key", "value\twith tab");
    }

    @Test
    void aMalformedIndexNamesItsSourceAndTheKey() {
        String text = "format=1\nfamily=orders\nartifactVersion=1.0.0\ntables=orders\nmigrations=1\nmigration.1.script=V1__a.sql\n";

        assertThatThrownBy(() -> FamilyIndex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "jar:x!/index"))
                .isInstanceOf(FamilyFormatException.class)
                .hasMessage("Invalid family index jar:x!/index: missing key 'migration.1.description'");
    }

    private static Map<String, String> viaProperties(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> result.put(key, properties.getProperty(key)));
        return result;
    }
}
