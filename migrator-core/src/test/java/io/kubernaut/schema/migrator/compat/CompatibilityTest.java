package io.kubernaut.schema.migrator.compat;

import static io.kubernaut.schema.migrator.compat.CompatibilityMode.BACKWARD;
import static io.kubernaut.schema.migrator.compat.CompatibilityMode.FORWARD;
import static io.kubernaut.schema.migrator.compat.CompatibilityMode.FULL;
import static io.kubernaut.schema.migrator.compat.CompatibilityMode.NONE;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_ADDED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_MADE_GENERATED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_MADE_OPTIONAL;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_MADE_REQUIRED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_NO_LONGER_GENERATED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.COLUMN_REMOVED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.REQUIRED_COLUMN_ADDED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.REQUIRED_COLUMN_REMOVED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.TABLE_ADDED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.TABLE_REMOVED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.TYPE_CHANGED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.TYPE_NARROWED;
import static io.kubernaut.schema.migrator.compat.CompatibilityViolation.Kind.TYPE_WIDENED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

    /** The previous version of a family: orders with four columns, and order_lines. */
    private static final List<String> ORDERS = List.of(
            "table\torders\ttable",
            "column\torders.id\tbigint not null",
            "column\torders.note\tcharacter varying(255) null",
            "column\torders.amount\tnumeric(10,2) not null default 0",
            "column\torders.placed_at\ttimestamp with time zone not null",
            "constraint\torders.orders_pkey\tPRIMARY KEY (id)",
            "index\torders.orders_pkey\tCREATE UNIQUE INDEX orders_pkey ON orders USING btree (id)",
            "table\torder_lines\ttable",
            "column\torder_lines.order_id\tbigint not null",
            "column\torder_lines.line\tinteger not null");

    private static SchemaSnapshot snapshot(List<String> lines) {
        return SchemaSnapshot.read(String.join("\n", lines) + "\n");
    }

    /** ORDERS with {@code name}'s line replaced by {@code line}, or removed when {@code line} is null. */
    private static SchemaSnapshot changed(String kindAndName, String value) {
        List<String> lines = new ArrayList<>(ORDERS.stream().filter(l -> !l.startsWith(kindAndName + "\t")).toList());
        if (value != null) {
            lines.add(kindAndName + "\t" + value);
        }
        return snapshot(lines);
    }

    private static SchemaSnapshot with(String... extraLines) {
        List<String> lines = new ArrayList<>(ORDERS);
        lines.addAll(Arrays.asList(extraLines));
        return snapshot(lines);
    }

    private static List<CompatibilityViolation> check(SchemaSnapshot next, CompatibilityMode mode) {
        return Compatibility.check(snapshot(ORDERS), next, mode);
    }

    @Test
    void sameSnapshotIsCompatibleInEveryMode() {
        for (CompatibilityMode mode : CompatibilityMode.values()) {
            assertThat(check(snapshot(ORDERS), mode)).as(mode.name()).isEmpty();
        }
    }

    @Test
    void additiveChangesPassBackward() {
        SchemaSnapshot next = with(
                "table\tcustomers\ttable",
                "column\tcustomers.id\tbigint not null identity by default",
                "column\tcustomers.name\ttext not null",
                "column\torders.status\ttext not null default 'new'::text",
                "column\torders.customer_id\tbigint null",
                "column\torders.total\tnumeric null generated always as ((amount * (2)::numeric))",
                "index\torders.orders_status_idx\tCREATE INDEX orders_status_idx ON orders USING btree (status)",
                "constraint\torders.orders_amount_check\tCHECK ((amount >= (0)::numeric))");

        assertThat(check(next, BACKWARD)).isEmpty();
    }

    @Test
    void knownWideningsPassBackward() {
        SchemaSnapshot next = snapshot(ORDERS.stream()
                .map(l -> l.replace("orders.note\tcharacter varying(255)", "orders.note\ttext")
                        .replace("order_lines.line\tinteger", "order_lines.line\tbigint")
                        .replace("numeric(10,2)", "numeric(12,2)"))
                .toList());

        assertThat(check(next, BACKWARD)).isEmpty();
    }

    @Test
    void droppedTableIsTableRemoved() {
        SchemaSnapshot next = snapshot(ORDERS.stream().filter(l -> !l.contains("order_lines")).toList());

        assertThat(check(next, BACKWARD)).containsExactly(
                new CompatibilityViolation(TABLE_REMOVED, "order_lines", null, "table", null));
        assertThat(check(next, BACKWARD).get(0).describe())
                .isEqualTo("table order_lines was removed or renamed: code built against the previous version still uses it");
    }

    @Test
    void droppedColumnIsColumnRemoved() {
        List<CompatibilityViolation> violations = check(changed("column\torders.note", null), BACKWARD);

        assertThat(violations).containsExactly(
                new CompatibilityViolation(COLUMN_REMOVED, "orders", "note", "character varying(255) null", null));
        assertThat(violations.get(0)).hasToString("COLUMN_REMOVED: column orders.note (character varying(255) null) was"
                + " removed or renamed: code built against the previous version still reads and writes it");
    }

    @Test
    void renamedColumnIsARemoval() {
        SchemaSnapshot next = snapshot(ORDERS.stream().map(l -> l.replace("orders.note", "orders.remark")).toList());

        assertThat(check(next, BACKWARD)).extracting(CompatibilityViolation::kind, CompatibilityViolation::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(COLUMN_REMOVED, "orders.note"));
    }

    @Test
    void shorterVarcharIsTypeNarrowed() {
        List<CompatibilityViolation> violations = check(changed("column\torders.note", "character varying(100) null"), BACKWARD);

        assertThat(violations).containsExactly(new CompatibilityViolation(TYPE_NARROWED, "orders", "note",
                "character varying(255)", "character varying(100)"));
        assertThat(violations.get(0).describe()).isEqualTo("column orders.note was narrowed from character varying(255)"
                + " to character varying(100): values the previous version accepts may not fit");
    }

    @Test
    void bigintToIntegerAndLowerPrecisionAreTypeNarrowed() {
        SchemaSnapshot next = snapshot(ORDERS.stream()
                .map(l -> l.replace("orders.id\tbigint", "orders.id\tinteger").replace("numeric(10,2)", "numeric(8,2)"))
                .toList());

        assertThat(check(next, BACKWARD)).extracting(CompatibilityViolation::kind, CompatibilityViolation::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TYPE_NARROWED, "orders.amount"),
                        org.assertj.core.groups.Tuple.tuple(TYPE_NARROWED, "orders.id"));
    }

    @Test
    void unrelatedTypeIsTypeChangedInBothDirections() {
        SchemaSnapshot next = changed("column\torders.placed_at", "timestamp without time zone not null");
        CompatibilityViolation changed = new CompatibilityViolation(TYPE_CHANGED, "orders", "placed_at",
                "timestamp with time zone", "timestamp without time zone");

        assertThat(check(next, BACKWARD)).containsExactly(changed);
        assertThat(check(next, FORWARD)).containsExactly(changed);
        assertThat(check(next, FULL)).as("one violation, not one per direction").containsExactly(changed);
        assertThat(changed.kind().mode()).isEqualTo(FULL);
    }

    @Test
    void newNotNullColumnWithoutDefaultIsRequiredColumnAdded() {
        List<CompatibilityViolation> violations = check(with("column\torders.status\ttext not null"), BACKWARD);

        assertThat(violations).containsExactly(new CompatibilityViolation(REQUIRED_COLUMN_ADDED, "orders", "status",
                null, "text not null"));
        assertThat(violations.get(0).describe()).contains("is new and NOT NULL without a default");
    }

    @Test
    void nullableColumnMadeNotNullWithoutDefaultIsColumnMadeRequired() {
        assertThat(check(changed("column\torders.note", "character varying(255) not null"), BACKWARD)).containsExactly(
                new CompatibilityViolation(COLUMN_MADE_REQUIRED, "orders", "note", "character varying(255) null",
                        "character varying(255) not null"));
    }

    @Test
    void notNullColumnLosingItsDefaultIsColumnMadeRequired() {
        assertThat(check(changed("column\torders.amount", "numeric(10,2) not null"), BACKWARD))
                .extracting(CompatibilityViolation::kind).containsExactly(COLUMN_MADE_REQUIRED);
    }

    @Test
    void columnMadeNotNullWithDefaultPassesBackward() {
        assertThat(check(changed("column\torders.note", "character varying(255) not null default ''::character varying"),
                BACKWARD)).isEmpty();
    }

    @Test
    void aWritableColumnMadeGeneratedAlwaysBreaksBackward() {
        List<CompatibilityViolation> computed = check(changed("column\torders.amount",
                "numeric(10,2) not null generated always as ((0)::numeric)"), BACKWARD);

        assertThat(computed).containsExactly(new CompatibilityViolation(COLUMN_MADE_GENERATED, "orders", "amount",
                "numeric(10,2) not null default 0", "numeric(10,2) not null generated always as ((0)::numeric)"));
        assertThat(computed.get(0).describe()).contains("is now generated by the database")
                .contains("that set it fail");
        assertThat(check(changed("column\torders.id", "bigint not null identity always"), BACKWARD))
                .extracting(CompatibilityViolation::kind).containsExactly(COLUMN_MADE_GENERATED);
    }

    @Test
    void anIdentityByDefaultStillAcceptsValuesSoPassesBackward() {
        assertThat(check(changed("column\torders.id", "bigint not null identity by default"), BACKWARD)).isEmpty();
    }

    @Test
    void aGeneratedColumnMadeWritableBreaksForwardOnly() {
        SchemaSnapshot generated = changed("column\torders.id", "bigint not null identity always");
        SchemaSnapshot writable = changed("column\torders.id", "bigint not null identity by default");

        List<CompatibilityViolation> forward = Compatibility.check(generated, writable, FORWARD);

        assertThat(forward).containsExactly(new CompatibilityViolation(COLUMN_NO_LONGER_GENERATED, "orders", "id",
                "bigint not null identity always", "bigint not null identity by default"));
        assertThat(forward.get(0).describe()).contains("is no longer generated by the database")
                .contains("on a database at the previous version");
        assertThat(Compatibility.check(generated, writable, BACKWARD)).isEmpty();
    }

    @Test
    void constraintsIndexesAndTriggersAreNotChecked() {
        SchemaSnapshot next = snapshot(ORDERS.stream().filter(l -> !l.startsWith("index") && !l.startsWith("constraint")).toList());

        assertThat(check(next, FULL)).isEmpty();
    }

    @Test
    void forwardRefusesAddedTablesAndColumns() {
        SchemaSnapshot next = with("table\tcustomers\ttable", "column\tcustomers.id\tbigint not null",
                "column\torders.status\ttext null");

        assertThat(check(next, FORWARD)).containsExactly(
                new CompatibilityViolation(TABLE_ADDED, "customers", null, null, "table"),
                new CompatibilityViolation(COLUMN_ADDED, "orders", "status", null, "text null"));
        assertThat(check(next, BACKWARD)).isEmpty();
    }

    @Test
    void forwardRefusesWideningAndAcceptsNarrowing() {
        assertThat(check(changed("column\torders.note", "character varying(300) null"), FORWARD)).containsExactly(
                new CompatibilityViolation(TYPE_WIDENED, "orders", "note", "character varying(255)", "character varying(300)"));
        assertThat(check(changed("column\torders.note", "character varying(100) null"), FORWARD)).isEmpty();
    }

    @Test
    void forwardRefusesDroppingAColumnThePreviousVersionRequires() {
        assertThat(check(changed("column\torders.placed_at", null), FORWARD)).containsExactly(
                new CompatibilityViolation(REQUIRED_COLUMN_REMOVED, "orders", "placed_at",
                        "timestamp with time zone not null", null));
        assertThat(check(changed("column\torders.note", null), FORWARD)).as("an optional column may go").isEmpty();
    }

    @Test
    void forwardRefusesMakingARequiredColumnOptional() {
        assertThat(check(changed("column\torders.placed_at", "timestamp with time zone null"), FORWARD)).containsExactly(
                new CompatibilityViolation(COLUMN_MADE_OPTIONAL, "orders", "placed_at", "timestamp with time zone not null",
                        "timestamp with time zone null"));
        assertThat(check(changed("column\torders.placed_at", "timestamp with time zone not null default now()"), FORWARD))
                .extracting(CompatibilityViolation::kind).containsExactly(COLUMN_MADE_OPTIONAL);
    }

    @Test
    void fullReportsBothDirections() {
        SchemaSnapshot next = snapshot(ORDERS.stream()
                .filter(l -> !l.contains("orders.note"))
                .map(l -> l.replace("order_lines.line\tinteger", "order_lines.line\tbigint"))
                .toList());

        assertThat(check(next, FULL)).extracting(CompatibilityViolation::kind)
                .containsExactly(TYPE_WIDENED, COLUMN_REMOVED);
        assertThat(check(next, BACKWARD)).extracting(CompatibilityViolation::kind).containsExactly(COLUMN_REMOVED);
        assertThat(check(next, FORWARD)).extracting(CompatibilityViolation::kind).containsExactly(TYPE_WIDENED);
    }

    @Test
    void noneChecksNothing() {
        assertThat(check(snapshot(List.of("table\tother\ttable")), NONE)).isEmpty();
    }

    @Test
    void modesParseInAnyCaseAndUnknownOnesListTheModes() {
        assertThat(CompatibilityMode.parse(" full ")).isEqualTo(FULL);
        assertThatThrownBy(() -> CompatibilityMode.parse("SIDEWAYS")).isInstanceOf(ConfigurationException.class)
                .hasMessage("Unknown compatibility mode 'SIDEWAYS': use one of BACKWARD, FORWARD, FULL, NONE");
    }

    @Test
    void everyKindDescribesItselfNamingTheObject() {
        for (CompatibilityViolation.Kind kind : CompatibilityViolation.Kind.values()) {
            String described = new CompatibilityViolation(kind, "t", "c", "integer null", "bigint null").describe();
            switch (kind) {
                case ENUM_LABEL_REMOVED, ENUM_LABEL_ADDED -> assertThat(described).as(kind.name()).startsWith("label 'c' of enum t ");
                case VIEW_COLUMN_REMOVED, VIEW_COLUMN_RETYPED -> assertThat(described).as(kind.name()).startsWith("column c of view t ");
                case TYPE_REMOVED, VIEW_REMOVED, FUNCTION_SIGNATURE_CHANGED -> assertThat(described).as(kind.name())
                        .startsWith(kind.name().substring(0, kind.name().indexOf('_')).toLowerCase(java.util.Locale.ROOT) + " t ");
                case FUNCTION_REMOVED -> assertThat(described).as(kind.name()).startsWith("function integer null was removed");
                default -> assertThat(described).as(kind.name()).startsWith("column t.c ");
            }
        }
    }
}
