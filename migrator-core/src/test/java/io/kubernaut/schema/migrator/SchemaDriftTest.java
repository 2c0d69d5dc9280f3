package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernaut.schema.migrator.Drift.Kind;
import io.kubernaut.schema.migrator.archive.SchemaSnapshot;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Migrator#verify()} of everything a family owns, not only its tables: a family with a
 * partitioned table guarded by a trigger, its partition function, a view, a materialized view, plain
 * functions, a sequence, an enum, a composite type, a domain, an extension, row-level security and
 * declared grants. Every drift is made by hand with plain SQL on a real PostgreSQL and must be
 * reported exactly once, with its kind and a readable description.
 */
class SchemaDriftTest {

    private static final String LEDGER = """
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
            CREATE TYPE ledger_state AS ENUM ('open', 'closed');
            CREATE TYPE money_pair AS (amount numeric, currency text);
            CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);
            CREATE SEQUENCE ledger_number_seq INCREMENT 1;
            CREATE SEQUENCE ledger_batch_seq AS integer INCREMENT 5;
            CREATE TABLE ledger (
              id         bigint NOT NULL DEFAULT nextval('ledger_number_seq'),
              entry_date date NOT NULL,
              state      ledger_state NOT NULL DEFAULT 'open',
              amount     positive_amount,
              held       boolean NOT NULL DEFAULT false,
              PRIMARY KEY (id, entry_date)
            ) PARTITION BY RANGE (entry_date);
            ALTER SEQUENCE ledger_number_seq OWNED BY ledger.id;
            CREATE INDEX ledger_state_idx ON ledger (state);
            CREATE FUNCTION ledger_refuse_held_delete() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
              IF OLD.held THEN
                RAISE EXCEPTION 'entry % is held', OLD.id;
              END IF;
              RETURN OLD;
            END
            $$;
            CREATE TRIGGER ledger_hold BEFORE DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_refuse_held_delete();
            CREATE FUNCTION create_ledger_partitions(first_month date, months integer) RETURNS integer LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            DECLARE
              made integer := 0;
              month date;
            BEGIN
              FOR i IN 0 .. months - 1 LOOP
                month := (date_trunc('month', first_month) + make_interval(months => i))::date;
                IF to_regclass('ledger_' || to_char(month, 'YYYY_MM')) IS NULL THEN
                  EXECUTE format('CREATE TABLE %I PARTITION OF ledger FOR VALUES FROM (%L) TO (%L)',
                      'ledger_' || to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
                  made := made + 1;
                END IF;
              END LOOP;
              RETURN made;
            END
            $$;
            SELECT create_ledger_partitions(date '2026-01-01', 3);
            CREATE FUNCTION ledger_total(wanted ledger_state) RETURNS numeric LANGUAGE sql STABLE AS $$
              SELECT coalesce(sum(amount), 0) FROM ledger WHERE state = wanted
            $$;
            CREATE VIEW open_ledger AS SELECT id, entry_date, amount FROM ledger WHERE state = 'open';
            CREATE MATERIALIZED VIEW ledger_by_state AS SELECT state, count(*) AS entries FROM ledger GROUP BY state;
            ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
            CREATE POLICY ledger_open ON ledger FOR SELECT TO PUBLIC USING (state = 'open');
            DO $$
            BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ledger_reader') THEN
                CREATE ROLE ledger_reader NOLOGIN;
              END IF;
            EXCEPTION WHEN unique_violation OR duplicate_object THEN
              NULL; -- created at the same moment by another test's database
            END
            $$;
            GRANT SELECT ON ledger, open_ledger TO ledger_reader;
            """;

    private static final String NOTES = """
            CREATE TABLE IF NOT EXISTS notes (id bigint PRIMARY KEY, body text);
            CREATE OR REPLACE FUNCTION notes_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM notes $$;
            CREATE OR REPLACE VIEW recent_notes AS SELECT id, body FROM notes ORDER BY id DESC LIMIT 10;
            """;

    @TempDir
    static Path jars;

    private static Path ledger;
    private static Path notes;

    private TestPostgres.Database database;

    @BeforeAll
    static void buildJars() {
        ledger = FamilyJar.family("ledger").migration("V1__ledger.sql", LEDGER).withSnapshot().writeTo(jars.resolve("ledger"));
        notes = FamilyJar.family("notes").migration("V1__notes.sql", NOTES).withSnapshot().writeTo(jars.resolve("notes"));
    }

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        migrator().apply();
    }

    private Migrator migrator() {
        return migrator(ledger, notes);
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)))
                .withListener(MigrationListener.silent()).withConfig(MigrationConfig.builder().schema("public").build());
    }

    private static FamilyDrift family(DriftReport report, String name) {
        return report.family(name).orElseThrow();
    }

    @Test
    void theSnapshotIsFormat2AndNamesEveryObjectTheFamilyCreatesButNotItsPartitions() throws Exception {
        String text = new String(FamilyJar.loaderOf(ledger).getResourceAsStream(io.kubernaut.schema.migrator.archive.FamilyLayout.snapshotPath("ledger"))
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(text.lines().findFirst()).contains("# schema snapshot format 2");
        SchemaSnapshot snapshot = SchemaSnapshot.read(text);
        assertThat(snapshot.objects().tables()).containsExactly("ledger");
        assertThat(snapshot.objects().views()).containsExactlyInAnyOrder("open_ledger", "ledger_by_state");
        assertThat(snapshot.objects().functions()).containsExactlyInAnyOrder("ledger_refuse_held_delete",
                "create_ledger_partitions", "ledger_total");
        assertThat(snapshot.objects().sequences()).containsExactlyInAnyOrder("ledger_number_seq", "ledger_batch_seq");
        assertThat(snapshot.objects().types()).containsExactlyInAnyOrder("ledger_state", "money_pair", "positive_amount");
        assertThat(snapshot.objects().extensions()).containsExactly("pgcrypto");
        assertThat(snapshot.objects().grantees()).containsExactly("ledger_reader");
        assertThat(text).contains("partitions\tledger\tat least one attached\n")
                .contains("function\tledger_refuse_held_delete()\tfunction returns trigger language plpgsql volatile"
                        + " set search_path=<schema> body md5 ")
                .contains("type\tledger_state\tenum ('open', 'closed')\n")
                .contains("grant\tledger to ledger_reader\tSELECT\n")
                .doesNotContain("ledger_2026_").doesNotContain("family_snapshot");
        assertThat(migrator().verify().allVerified()).as(migrator().verify().toString()).isTrue();
    }

    /** One hand-made change each, and the one drift verify must name for it. */
    static Stream<Arguments> handMadeDrift() {
        String partitionIndex = "(SELECT i.inhrelid FROM pg_inherits i JOIN pg_index x ON x.indexrelid = i.inhrelid"
                + " WHERE i.inhparent = 'ledger_state_idx'::regclass AND x.indrelid = 'ledger_2026_02'::regclass)";
        return Stream.of(
                Arguments.of("ALTER TABLE ledger_2026_02 DISABLE TRIGGER ledger_hold", Kind.PARTITION_TRIGGER_DISABLED,
                        "ledger_2026_02.ledger_hold", "trigger ledger_hold is disabled on partition ledger_2026_02 of ledger"),
                Arguments.of("ALTER TABLE ledger_2026_03 ENABLE ALWAYS TRIGGER ledger_hold", Kind.PARTITION_TRIGGER_CHANGED,
                        "ledger_2026_03.ledger_hold",
                        "trigger ledger_hold of ledger is enabled always on partition ledger_2026_03, not as on ledger"),
                Arguments.of("UPDATE pg_index SET indisvalid = false WHERE indexrelid = " + partitionIndex,
                        Kind.PARTITION_INDEX_INVALID, "ledger_2026_02.ledger_state_idx",
                        "index ledger_state_idx of ledger is invalid on partition ledger_2026_02"),
                Arguments.of("DROP TABLE ledger_2026_01, ledger_2026_02, ledger_2026_03", Kind.PARTITIONS_MISSING, "ledger",
                        "no partition of ledger is attached: inserts into it fail"),
                Arguments.of("ALTER TABLE ledger DETACH PARTITION ledger_2026_02", Kind.PARTITION_DETACHED, "ledger_2026_02",
                        "table ledger_2026_02 has the name and columns of a partition of ledger but is not attached"),
                Arguments.of("CREATE OR REPLACE FUNCTION create_ledger_partitions(first_month date, months integer)"
                        + " RETURNS integer LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN RETURN 0; END $$",
                        Kind.FUNCTION_CHANGED, "create_ledger_partitions(date,integer)",
                        "function create_ledger_partitions(date,integer) changed: expected function returns integer"),
                Arguments.of("ALTER FUNCTION ledger_refuse_held_delete() SET search_path = pg_catalog, public",
                        Kind.FUNCTION_CHANGED, "ledger_refuse_held_delete()", "set search_path=<schema> body md5"),
                Arguments.of("CREATE OR REPLACE FUNCTION ledger_refuse_held_delete() RETURNS trigger LANGUAGE plpgsql"
                        + " SET search_path FROM CURRENT AS $$ BEGIN RETURN OLD; END $$",
                        Kind.FUNCTION_CHANGED, "ledger_refuse_held_delete()", "changed: expected function returns trigger"),
                Arguments.of("CREATE OR REPLACE FUNCTION ledger_total(wanted ledger_state) RETURNS numeric LANGUAGE sql STABLE"
                        + " AS $$ SELECT 0::numeric $$", Kind.FUNCTION_CHANGED, "ledger_total(ledger_state)",
                        "function ledger_total(ledger_state) changed"),
                Arguments.of("ALTER FUNCTION ledger_total(ledger_state) SECURITY DEFINER", Kind.FUNCTION_CHANGED,
                        "ledger_total(ledger_state)", "stable security definer body md5"),
                Arguments.of("DROP FUNCTION ledger_total(ledger_state); CREATE FUNCTION ledger_total(wanted ledger_state,"
                        + " since date) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT 0::numeric $$", Kind.FUNCTION_CHANGED,
                        "ledger_total", "found ledger_total(ledger_state,date) function returns numeric"),
                Arguments.of("DROP FUNCTION ledger_total(ledger_state)", Kind.MISSING_FUNCTION, "ledger_total(ledger_state)",
                        "missing function ledger_total(ledger_state) (expected: function returns numeric language sql stable"),
                Arguments.of("CREATE FUNCTION ledger_total() RETURNS numeric LANGUAGE sql AS $$ SELECT 1::numeric $$",
                        Kind.EXTRA_FUNCTION, "ledger_total()", "extra function ledger_total()"),
                Arguments.of("DROP VIEW open_ledger", Kind.MISSING_VIEW, "open_ledger", "missing view open_ledger (expected: view"),
                Arguments.of("CREATE OR REPLACE VIEW open_ledger AS SELECT id, entry_date, amount FROM ledger WHERE state = 'closed'",
                        Kind.VIEW_CHANGED, "open_ledger", "changed view open_ledger: expected view SELECT"),
                Arguments.of("DROP MATERIALIZED VIEW ledger_by_state", Kind.MISSING_VIEW, "ledger_by_state",
                        "missing view ledger_by_state (expected: materialized view SELECT"),
                Arguments.of("ALTER TYPE ledger_state RENAME VALUE 'closed' TO 'done'", Kind.ENUM_LABELS_CHANGED, "ledger_state",
                        "labels of enum ledger_state changed: expected enum ('open', 'closed'), found enum ('open', 'done')"),
                Arguments.of("ALTER TYPE ledger_state ADD VALUE 'archived'", Kind.ENUM_LABELS_CHANGED, "ledger_state",
                        "found enum ('open', 'closed', 'archived')"),
                Arguments.of("ALTER TYPE money_pair ADD ATTRIBUTE note text", Kind.TYPE_DEFINITION_CHANGED, "money_pair",
                        "changed type money_pair: expected composite (amount numeric, currency text), found composite"
                                + " (amount numeric, currency text, note text)"),
                Arguments.of("ALTER DOMAIN positive_amount DROP CONSTRAINT positive_amount_check", Kind.TYPE_DEFINITION_CHANGED,
                        "positive_amount", "changed type positive_amount: expected domain over numeric CHECK"),
                Arguments.of("ALTER SEQUENCE ledger_number_seq INCREMENT 10", Kind.SEQUENCE_CHANGED, "ledger_number_seq",
                        "changed sequence ledger_number_seq: expected bigint increment 1 owned by ledger.id, found bigint increment 10"
                                + " owned by ledger.id"),
                Arguments.of("DROP SEQUENCE ledger_batch_seq", Kind.MISSING_SEQUENCE, "ledger_batch_seq",
                        "missing sequence ledger_batch_seq (expected: integer increment 5)"),
                Arguments.of("DROP EXTENSION pgcrypto", Kind.MISSING_EXTENSION, "pgcrypto",
                        "missing extension pgcrypto (expected: installed)"),
                Arguments.of("ALTER TABLE ledger DISABLE ROW LEVEL SECURITY", Kind.RLS_CHANGED, "ledger",
                        "row-level security of table ledger changed: expected enabled, found disabled"),
                Arguments.of("ALTER TABLE ledger FORCE ROW LEVEL SECURITY", Kind.RLS_CHANGED, "ledger",
                        "expected enabled, found enabled forced"),
                Arguments.of("DROP POLICY ledger_open ON ledger", Kind.MISSING_POLICY, "ledger.ledger_open",
                        "missing policy ledger.ledger_open (expected: permissive for select to public using"),
                Arguments.of("ALTER POLICY ledger_open ON ledger USING (true)", Kind.POLICY_CHANGED, "ledger.ledger_open",
                        "found permissive for select to public using (true)"),
                Arguments.of("CREATE POLICY ledger_all ON ledger USING (true)", Kind.EXTRA_POLICY, "ledger.ledger_all",
                        "extra policy ledger.ledger_all"),
                Arguments.of("REVOKE SELECT ON ledger FROM ledger_reader", Kind.MISSING_PRIVILEGE, "ledger to ledger_reader",
                        "role ledger_reader lacks SELECT on ledger"),
                Arguments.of("GRANT DELETE ON open_ledger TO ledger_reader", Kind.EXTRA_PRIVILEGE,
                        "open_ledger to ledger_reader",
                        "role ledger_reader has DELETE on open_ledger, which the family does not grant"),
                Arguments.of("GRANT EXECUTE ON FUNCTION ledger_total(ledger_state) TO ledger_reader; REVOKE EXECUTE ON FUNCTION"
                        + " ledger_total(ledger_state) FROM PUBLIC", Kind.EXTRA_PRIVILEGE,
                        "ledger_total(ledger_state) to ledger_reader", "role ledger_reader has EXECUTE on ledger_total(ledger_state)"),
                Arguments.of("ALTER TABLE ledger DISABLE TRIGGER ledger_hold", Kind.TRIGGER_CHANGED, "ledger.ledger_hold",
                        "trigger ledger.ledger_hold is disabled: CREATE TRIGGER ledger_hold"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handMadeDrift")
    void handMadeDriftOfAnyObjectIsReportedExactlyOnceWithItsKindAndInWords(String sql, Kind kind, String name,
            String words) {
        database.execute(sql);

        DriftReport report = migrator().verify();

        assertThat(family(report, "ledger").state()).as(report.toString()).isEqualTo(DriftState.DRIFTED);
        assertThat(family(report, "ledger").differences()).as(report.toString()).singleElement().satisfies(drift -> {
            assertThat(drift.kind()).isEqualTo(kind);
            assertThat(drift.name()).isEqualTo(name);
            assertThat(drift.describe()).contains(words);
        });
        assertThat(family(report, "notes").state()).isEqualTo(DriftState.MATCHES);
        assertThat(report.toString()).contains("  ledger  " + family(report, "ledger").differences().get(0).describe() + "\n");
    }

    static Stream<String> notDrift() {
        return Stream.of(
                // Data, and the materialized view refreshed with it.
                "INSERT INTO ledger (entry_date, amount, state) VALUES ('2026-02-10', 5, 'open'), ('2026-03-01', 7, 'closed');"
                        + " UPDATE ledger SET held = true; REFRESH MATERIALIZED VIEW ledger_by_state",
                // New partitions made by the family's own partition function, and an old one dropped (retention).
                "SELECT create_ledger_partitions(date '2026-04-01', 36); DROP TABLE ledger_2026_01",
                // A table named like a partition but shaped otherwise.
                "CREATE TABLE ledger_archive (id bigint, note text)",
                // Objects of no family in the same schema.
                "CREATE FUNCTION stray() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; CREATE VIEW stray_view AS SELECT 1 AS one;"
                        + " CREATE TYPE stray_type AS ENUM ('x'); CREATE SEQUENCE stray_seq",
                // Privileges of roles the family does not grant to.
                "GRANT SELECT ON ledger TO PUBLIC");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notDrift")
    void changesThatAreNotDriftAreNotReported(String sql) {
        database.execute(sql);

        DriftReport report = migrator().verify();

        assertThat(report.hasDrift()).as(report.toString()).isFalse();
        assertThat(report.allVerified()).isTrue();
    }

    @Test
    void everyPartitionDetachedIsNoPartitionAttachedAndEachDetachedOne() {
        database.execute("ALTER TABLE ledger DETACH PARTITION ledger_2026_01; ALTER TABLE ledger DETACH PARTITION"
                + " ledger_2026_02; ALTER TABLE ledger DETACH PARTITION ledger_2026_03");

        DriftReport report = migrator().verify();

        assertThat(family(report, "ledger").differences()).extracting(Drift::kind, Drift::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.PARTITIONS_MISSING, "ledger"),
                org.assertj.core.groups.Tuple.tuple(Kind.PARTITION_DETACHED, "ledger_2026_01"),
                org.assertj.core.groups.Tuple.tuple(Kind.PARTITION_DETACHED, "ledger_2026_02"),
                org.assertj.core.groups.Tuple.tuple(Kind.PARTITION_DETACHED, "ledger_2026_03"));
    }

    @Test
    void anotherFamilysObjectsAreItsDriftNotThisOnes() {
        database.execute("CREATE OR REPLACE FUNCTION notes_count() RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$;"
                + " DROP VIEW recent_notes");

        DriftReport report = migrator().verify();

        assertThat(family(report, "ledger").state()).isEqualTo(DriftState.MATCHES);
        assertThat(family(report, "notes").differences()).extracting(Drift::kind, Drift::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_VIEW, "recent_notes"),
                org.assertj.core.groups.Tuple.tuple(Kind.FUNCTION_CHANGED, "notes_count()"));
    }

    @Test
    void aDroppedTableIsOneDriftNotOneForEachOfItsPartsPoliciesSequencesAndGrants() {
        database.execute("DROP TABLE ledger CASCADE");

        DriftReport report = migrator().verify();

        // CASCADE also dropped the views on it: those are drift of their own.
        assertThat(family(report, "ledger").differences()).extracting(Drift::kind, Drift::name).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_TABLE, "ledger"),
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_VIEW, "open_ledger"),
                org.assertj.core.groups.Tuple.tuple(Kind.MISSING_VIEW, "ledger_by_state"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenant_a", "My Schema"})
    void functionsPinnedToTheirSchemaMatchInAnySchema(String schema) {
        Migrator migrator = migrator(ledger).withConfig(MigrationConfig.builder().schema(schema).build());
        migrator.apply();

        assertThat(migrator.verify().allVerified()).as(migrator.verify().toString()).isTrue();
    }

    @Test
    void aFormat1SnapshotIsComparedForWhatItDescribesAndSaysWhatItDoesNot() throws SQLException {
        String format1;
        try (Connection connection = database.dataSource().getConnection()) {
            format1 = SchemaSnapshot.takeLike(connection, "public", SchemaSnapshot.read(""), List.of("ledger")).write();
        }
        assertThat(format1).doesNotStartWith("#").contains("table\tledger\tpartitioned by RANGE (entry_date)\n");
        Path old = FamilyJar.family("ledger").version("0.9.0").migration("V1__ledger.sql", LEDGER).snapshot(format1)
                .writeTo(jars.resolve("format-1"));
        database.execute("DROP VIEW open_ledger; DROP TABLE ledger_2026_01, ledger_2026_02, ledger_2026_03");

        DriftReport report = migrator(old).verify();

        FamilyDrift drift = family(report, "ledger");
        assertThat(drift.state()).as(report.toString()).isEqualTo(DriftState.MATCHES);
        assertThat(drift.notCompared()).startsWith("not compared (snapshot format 1): views, functions other than those"
                + " of triggers");
        assertThat(report.toString()).contains("matches its snapshot; not compared (snapshot format 1): views")
                .contains("Schema 'public': no drift");

        database.execute("ALTER TABLE ledger DISABLE TRIGGER ledger_hold");

        assertThat(family(migrator(old).verify(), "ledger").differences()).extracting(Drift::kind)
                .containsExactly(Kind.TRIGGER_CHANGED);
    }
}
