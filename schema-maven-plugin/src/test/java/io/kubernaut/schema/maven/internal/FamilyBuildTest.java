package io.kubernaut.schema.maven.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FamilyBuildTest {

    private static EmbeddedServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void startServer() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private Path sql(String family, Map<String, String> scripts) throws IOException {
        Path directory = work.resolve(family + "-sql");
        Files.createDirectories(directory);
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            Files.writeString(directory.resolve(script.getKey()), script.getValue());
        }
        return directory;
    }

    private FamilyBuild.Result build(String family, Path sql, Path output, Set<String> tables, Set<String> requires,
            SchemaCatalog dependencies) throws IOException {
        FamilyBuild.Request request = new FamilyBuild.Request(family, "io.example:schema-" + family, "1.0.0", tables,
                requires, "io.example." + family, sql, output.resolve("resources"), output.resolve("sources"),
                output.resolve("jooq"), dependencies);
        return new FamilyBuild(request, server).run();
    }

    private FamilyBuild.Result build(String family, Path sql, Path output) throws IOException {
        return build(family, sql, output, Set.of(), Set.of(), SchemaCatalog.of());
    }

    private static final Map<String, String> ORDERS = Map.of(
            "V1__create_orders.sql", "CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, placed_at TIMESTAMPTZ NOT NULL DEFAULT now());\n",
            "V2__add_status.sql", "ALTER TABLE orders ADD COLUMN IF NOT EXISTS status TEXT NOT NULL DEFAULT 'new';\n"
                    + "CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);\n"
                    + "CREATE TABLE IF NOT EXISTS order_lines (order_id BIGINT NOT NULL REFERENCES orders (id), line INT NOT NULL,"
                    + " PRIMARY KEY (order_id, line));\n");

    @Test
    void buildWritesIndexScriptsSnapshotProviderAndJooqClasses() throws Exception {
        FamilyBuild.Result result = build("orders", sql("orders", ORDERS), work.resolve("out"));

        Path family = work.resolve("out/resources/META-INF/schema-registry/orders");
        assertThat(result.index().tables()).containsExactly("order_lines", "orders");
        assertThat(result.index().migrations()).extracting(m -> m.script())
                .containsExactly("V1__create_orders.sql", "V2__add_status.sql");
        assertThat(family.resolve("V2__add_status.sql")).hasContent(ORDERS.get("V2__add_status.sql").strip());
        try (var in = Files.newInputStream(family.resolve("index.properties"))) {
            assertThat(FamilyIndex.read(in, "test")).isEqualTo(result.index());
        }
        assertThat(Files.readString(family.resolve("snapshot.txt")))
                .startsWith("# schema snapshot format 2\n")
                .contains("column\torders.status\ttext not null default 'new'::text")
                .contains("index\torders.orders_status_idx\tCREATE INDEX orders_status_idx ON orders USING btree (status)")
                .doesNotContain(FamilyBuild.BUILD_SCHEMA);
        assertThat(work.resolve("out/resources/META-INF/services/io.kubernaut.schema.migrator.spi.SchemaModule"))
                .hasContent("io.example.orders.OrdersSchemaModule");
        assertThat(work.resolve("out/sources/io/example/orders/OrdersSchemaModule.java"))
                .content().contains("super(FAMILY)").contains("FAMILY = \"orders\"");
        String tables = Files.readString(work.resolve("out/jooq/io/example/orders/Tables.java"));
        assertThat(tables).contains("ORDERS").contains("ORDER_LINES").doesNotContain("schema_registry_history");
        assertThat(Files.readString(work.resolve("out/jooq/io/example/orders/tables/Orders.java")))
                .doesNotContain(FamilyBuild.BUILD_SCHEMA);
    }

    @Test
    void inetColumnsBecomeTextFieldsWithAGeneratedBinding() throws Exception {
        Path sql = sql("clients", Map.of("V1__create.sql", "CREATE TABLE IF NOT EXISTS clients (id INT PRIMARY KEY, address INET);\n"));

        build("clients", sql, work.resolve("out"));

        assertThat(work.resolve("out/jooq/io/example/clients/tables/Clients.java")).content()
                .contains("TableField<ClientsRecord, String> ADDRESS").contains("new InetBinding()");
        assertThat(work.resolve("out/sources/io/example/clients/InetBinding.java")).content()
                .contains("public final class InetBinding implements Binding<Object, String>").contains("::inet");

        Files.writeString(sql.resolve("V1__create.sql"), "CREATE TABLE IF NOT EXISTS clients (id INT PRIMARY KEY, address TEXT);\n");
        build("clients", sql, work.resolve("out"));
        assertThat(work.resolve("out/sources/io/example/clients/InetBinding.java")).doesNotExist();
    }

    @Test
    void sameInputGivesByteIdenticalOutput() throws Exception {
        Path sql = sql("orders", ORDERS);
        build("orders", sql, work.resolve("first"));
        build("orders", sql, work.resolve("second"));

        assertThat(contents(work.resolve("second"))).isEqualTo(contents(work.resolve("first")));
    }

    private static Map<String, String> contents(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString(), Files.readString(path));
            }
        }
        return files;
    }

    @Test
    void failingMigrationNamesFamilyFileLineAndSqlState() throws Exception {
        Path sql = sql("broken", Map.of(
                "V1__create.sql", "CREATE TABLE IF NOT EXISTS broken (id INT);\n",
                "V2__index.sql", "-- an index on a column that does not exist\n\nCREATE INDEX IF NOT EXISTS broken_idx ON broken (missing);\n"));

        assertThatThrownBy(() -> build("broken", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("Family 'broken'")
                .hasMessageContaining("(V2__index.sql:3) failed")
                .hasMessageContaining("[SQLSTATE 42703]");
    }

    @Test
    void lintViolationFailsWithFileAndLine() throws Exception {
        Path sql = sql("sloppy", Map.of("V1__create.sql", "-- first\nCREATE TABLE sloppy (id INT);\n"));

        assertThatThrownBy(() -> build("sloppy", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("V1__create.sql") + ":2: CREATE TABLE without IF NOT EXISTS");
    }

    @Test
    void transactionControlFailsTheBuildWithFileAndLineBeforeAnyDatabaseIsMade() throws Exception {
        Path sql = sql("loader", Map.of("V1__create.sql", "CREATE TABLE IF NOT EXISTS loader (id INT);\n"
                + "INSERT INTO loader VALUES (1) ON CONFLICT DO NOTHING;\nCOMMIT;\n",
                "V2__load.sql", "COPY loader FROM STDIN;\n"));

        assertThatThrownBy(() -> build("loader", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining(sql.resolve("V1__create.sql") + ":3: COMMIT is refused in a migration script")
                .hasMessageContaining(sql.resolve("V2__load.sql") + ":1: COPY … FROM STDIN is refused in a migration script");
        try (var connection = server.dataSource("postgres").getConnection();
                var result = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'schema\\_build\\_loader%'")) {
            result.next();
            assertThat(result.getInt(1)).isZero();
        }
    }

    @Test
    void scriptFailingOnItsSecondRunIsNotIdempotent() throws Exception {
        Path sql = sql("twice", Map.of("V1__create.sql", "CREATE TABLE IF NOT EXISTS twice (id INT);\n"
                + "DO $$ BEGIN ALTER TABLE twice ADD COLUMN extra INT; END $$;\n"));

        assertThatThrownBy(() -> build("twice", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("V1__create.sql:2: not idempotent")
                .hasMessageContaining("SQLSTATE 42701");
    }

    @Test
    void scriptChangingTheSchemaOnItsSecondRunIsNotIdempotent() throws Exception {
        Path sql = sql("drifty", Map.of("V1__create.sql", "CREATE TABLE IF NOT EXISTS drifty (id INT);\n"
                + "DO $$ BEGIN\n"
                + "  IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'drifty_marker_idx') THEN\n"
                + "    ALTER TABLE drifty ADD COLUMN IF NOT EXISTS second_run INT;\n"
                + "  END IF;\n"
                + "END $$;\n"
                + "CREATE INDEX IF NOT EXISTS drifty_marker_idx ON drifty (id);\n"));

        assertThatThrownBy(() -> build("drifty", sql, work.resolve("out"))).isInstanceOf(BuildFailure.class)
                .hasMessageContaining("is not idempotent")
                .hasMessageContaining("extra column drifty.second_run");
    }

    @Test
    void declaredTablesMustMatchWhatMigrationsCreate() throws Exception {
        Path sql = sql("orders", ORDERS);

        assertThatThrownBy(() -> build("orders", sql, work.resolve("out"), Set.of("orders"), Set.of(), SchemaCatalog.of()))
                .isInstanceOf(BuildFailure.class).hasMessageContaining("declares tables [orders]")
                .hasMessageContaining("create [order_lines, orders]");
    }

    @Test
    void requiredFamilyIsAppliedFirstAndItsTablesStayOutOfTheBuiltFamily() throws Exception {
        Path ordersSql = sql("orders", ORDERS);
        FamilyBuild.Result orders = build("orders", ordersSql, work.resolve("orders-out"));
        SchemaModule ordersModule = FamilyArchive.read(work.resolve("orders-out/resources"), "orders");
        Path sql = sql("invoices", Map.of("V1__create.sql",
                "CREATE TABLE IF NOT EXISTS invoices (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders (id));\n",
                "V2__total.sql", "CREATE OR REPLACE FUNCTION invoice_count() RETURNS bigint LANGUAGE sql AS"
                        + " $$ SELECT count(*) FROM invoices $$;\n"
                        + "CREATE OR REPLACE VIEW unpaid_invoices AS SELECT id FROM invoices;\n"));

        FamilyBuild.Result result = build("invoices", sql, work.resolve("out"), Set.of(), Set.of("orders"),
                SchemaCatalog.of(List.of(ordersModule)));

        // What the family owns is what its own migrations add after the families it requires.
        SchemaSnapshot snapshot = SchemaSnapshot.read(Files.readString(
                work.resolve("out/resources/META-INF/schema-registry/invoices/snapshot.txt")));
        assertThat(snapshot.objects().tables()).containsExactly("invoices");
        assertThat(snapshot.objects().functions()).containsExactly("invoice_count");
        assertThat(snapshot.objects().views()).containsExactly("unpaid_invoices");
        SchemaSnapshot atV1 = SchemaSnapshot.read(Files.readString(
                work.resolve("out/resources/META-INF/schema-registry/invoices/snapshots/1.txt")));
        assertThat(atV1.format()).isEqualTo(2);
        assertThat(atV1.objects().tables()).containsExactly("invoices");
        assertThat(atV1.objects().functions()).isEmpty();
        assertThat(result.index().tables()).containsExactly("invoices");
        assertThat(result.index().requires()).containsExactly("orders");
        assertThat(work.resolve("out/jooq/io/example/invoices/Tables.java")).content()
                .contains("INVOICES").doesNotContain("ORDER_LINES");
    }

    @Test
    void missingRequiredFamilyIsNamed() throws Exception {
        Path sql = sql("invoices", Map.of("V1__create.sql", "CREATE TABLE IF NOT EXISTS invoices (id BIGINT);\n"));

        assertThatThrownBy(() -> build("invoices", sql, work.resolve("out"), Set.of(), Set.of("orders"), SchemaCatalog.of()))
                .isInstanceOf(BuildFailure.class).hasMessageContaining("requires family 'orders'");
    }
}
