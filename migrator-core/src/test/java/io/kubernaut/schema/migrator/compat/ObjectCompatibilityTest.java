package io.kubernaut.schema.migrator.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.kubernaut.schema.migrator.archive.FamilyArchive;
import io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind;
import io.kubernaut.schema.migrator.testing.Release;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility rules beyond tables, on snapshots taken from a real PostgreSQL: what breaks code
 * built against the previous version in its enums, views and functions.
 */
class ObjectCompatibilityTest {

    private static final String V1 = """
            CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
            CREATE TABLE orders (id bigint PRIMARY KEY, state order_state NOT NULL DEFAULT 'new', total numeric(12, 2));
            CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE state <> 'shipped';
            CREATE FUNCTION order_total(order_id bigint) RETURNS numeric LANGUAGE sql STABLE
              AS $$ SELECT total FROM orders WHERE id = order_id $$;
            CREATE FUNCTION ship(order_id bigint) RETURNS void LANGUAGE sql AS $$ UPDATE orders SET state = 'shipped' WHERE id = order_id $$;
            """;

    @TempDir
    Path work;

    private List<CompatibilityViolation> check(String nextSql, CompatibilityMode mode) {
        FamilyArchive previous = Release.of("orders", "1.0.0").tables("orders").migration("create", V1)
                .writeTo(work.resolve("v1"));
        FamilyArchive next = Release.of("orders", "2.0.0").tables("orders").migration("create", nextSql)
                .writeTo(work.resolve("v2"));
        return Compatibility.check(previous.schemaSnapshot().orElseThrow(), next.schemaSnapshot().orElseThrow(), mode);
    }

    @Test
    void aRemovedEnumLabelAViewColumnRemovedOrRetypedAndAChangedSignatureBreakBackward() {
        String v2 = V1.replace("'new', 'paid', 'shipped'", "'new', 'settled', 'shipped'")
                .replace("SELECT id, total FROM orders", "SELECT id::text AS id FROM orders")
                .replace("order_total(order_id bigint) RETURNS numeric", "order_total(order_id bigint, currency text) RETURNS numeric")
                .replace("CREATE FUNCTION ship(order_id bigint) RETURNS void LANGUAGE sql AS $$ UPDATE orders SET state = 'shipped'"
                        + " WHERE id = order_id $$;\n", "");

        List<CompatibilityViolation> violations = check(v2, CompatibilityMode.BACKWARD);

        assertThat(violations).extracting(CompatibilityViolation::kind, CompatibilityViolation::table,
                CompatibilityViolation::column).containsExactlyInAnyOrder(
                tuple(Kind.VIEW_COLUMN_RETYPED, "open_orders", "id"),
                tuple(Kind.VIEW_COLUMN_REMOVED, "open_orders", "total"),
                tuple(Kind.ENUM_LABEL_REMOVED, "order_state", "paid"),
                tuple(Kind.FUNCTION_SIGNATURE_CHANGED, "order_total", null),
                tuple(Kind.FUNCTION_REMOVED, "ship", null));
        assertThat(violations).extracting(CompatibilityViolation::describe).contains(
                "label 'paid' of enum order_state was removed or renamed (was enum ('new', 'paid', 'shipped'), now enum"
                        + " ('new', 'settled', 'shipped')): code built against the previous version still writes it",
                "column id of view open_orders changed type from bigint to text: code built against the other version"
                        + " reads another type",
                "function order_total changed signature from order_total(bigint) returns numeric to"
                        + " order_total(bigint,text) returns numeric: calls made by code built against the other version"
                        + " fail or read another type");
    }

    @Test
    void aNewLabelANewViewAndAChangedFunctionBodyKeepBackwardButANewLabelBreaksForward() {
        String v2 = V1.replace("'new', 'paid', 'shipped'", "'new', 'paid', 'shipped', 'returned'")
                .replace("SELECT total FROM orders WHERE id = order_id", "SELECT coalesce(total, 0) FROM orders WHERE id = order_id")
                + "CREATE VIEW paid_orders AS SELECT id FROM orders WHERE state = 'paid';\n";

        assertThat(check(v2, CompatibilityMode.BACKWARD)).isEmpty();
        assertThat(check(v2, CompatibilityMode.FORWARD)).extracting(CompatibilityViolation::kind, CompatibilityViolation::column)
                .containsExactly(tuple(Kind.ENUM_LABEL_ADDED, "returned"));
    }
}
