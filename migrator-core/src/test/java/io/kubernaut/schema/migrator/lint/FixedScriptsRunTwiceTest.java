package io.kubernaut.schema.migrator.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.archive.SchemaObjects;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.internal.SqlScript;
import io.kubernaut.schema.migrator.lint.SqlStatement;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewrites of the fix, run on PostgreSQL: the first run does what the original did, a second run changes nothing. */
class FixedScriptsRunTwiceTest {

    @TempDir
    Path work;

    private static final String TEAM_SCRIPT = """
            -- +goose Up
            CREATE TYPE order_state AS ENUM ('new', 'paid');
            CREATE TABLE customers (id BIGINT PRIMARY KEY, email TEXT NOT NULL);
            CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, state order_state NOT NULL DEFAULT 'new');
            ALTER TABLE orders ADD COLUMN total NUMERIC(12, 2), ADD CONSTRAINT orders_total_check CHECK (total >= 0),
                ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
            ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
            ALTER TABLE customers RENAME COLUMN email TO email_address;
            ALTER TABLE orders RENAME CONSTRAINT orders_total_check TO orders_total_not_negative;
            ALTER TYPE order_state ADD VALUE 'shipped';
            CREATE INDEX orders_customer_idx ON orders (customer_id);
            CREATE SEQUENCE invoice_numbers;
            CREATE VIEW open_orders AS SELECT id, customer_id FROM orders WHERE state = 'new';
            -- +goose StatementBegin
            CREATE FUNCTION orders_touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RETURN NEW;
            END;
            $$;
            -- +goose StatementEnd
            CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION orders_touch();
            INSERT INTO customers (id, email_address) VALUES (1, 'ops@example.com'), (2, 'billing@example.com');
            CREATE TABLE scratch (id INT);
            DROP TABLE scratch;
            ALTER TABLE orders DROP COLUMN total;

            -- +goose Down
            DROP TABLE orders;
            """;

    @Test
    void aFixedGooseFileRunsTwiceWithTheSameSchemaAndRows() throws Exception {
        MigrationSources sources = Folder.read(work, Map.of("001_orders.sql", TEAM_SCRIPT));
        TestPostgres.Database original = TestPostgres.newDatabase();
        TestPostgres.Database fixed = TestPostgres.newDatabase();
        run(original, TEAM_SCRIPT);
        assertThatThrownBy(() -> run(original, TEAM_SCRIPT)).hasMessageContaining("already exists");

        LintReport report = IdempotencyLint.fix(sources);
        String text = report.texts().get("001_orders.sql");
        run(fixed, text);
        SchemaSnapshot first = snapshot(fixed);
        run(fixed, text);

        assertThat(report.findings()).isEmpty();
        assertThat(report.changes()).hasSize(17);
        assertThat(snapshot(fixed)).isEqualTo(first).isEqualTo(snapshot(original));
        assertThat(fixed.column("SELECT email_address FROM customers ORDER BY id"))
                .containsExactly("ops@example.com", "billing@example.com");
        assertThat(fixed.column("SELECT unnest(enum_range(NULL::order_state))::text")).containsExactly("new", "paid", "shipped");
        assertThat(fixed.value("SELECT count(*) FROM pg_views WHERE viewname = 'open_orders'")).isEqualTo("1");
        assertThat(fixed.value("SELECT to_regclass('invoice_numbers') IS NOT NULL")).isEqualTo("t");
    }

    private static SchemaSnapshot snapshot(TestPostgres.Database database) throws SQLException {
        try (Connection connection = database.dataSource().getConnection()) {
            // Everything in the schema: tables, views, functions, sequences, types.
            return SchemaSnapshot.take(connection, "public", SchemaObjects.inSchema(connection, "public"));
        }
    }

    /** Runs a script's statements as the migrator does, in one transaction. */
    private static void run(TestPostgres.Database database, String script) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (SqlStatement sql : SqlScript.parse(script)) {
                statement.execute(sql.text());
            }
            connection.commit();
        }
    }
}
