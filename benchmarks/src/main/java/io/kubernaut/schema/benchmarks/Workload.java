package io.kubernaut.schema.benchmarks;

import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.spi.Migration;
import io.kubernaut.schema.migrator.spi.SchemaModule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL every tool of a comparison applies: families of ordered scripts. Each tool gets the same
 * script texts, byte for byte (see {@link WorkloadFiles}).
 *
 * @param name        {@code real} or {@code generated}
 * @param description one line for the report
 * @param families    the families in dependency order (the order this project applies them in)
 */
record Workload(String name, String description, List<Family> families) {

    /**
     * One family.
     *
     * @param name     e.g. {@code audit_events}
     * @param tables   the tables its scripts create
     * @param requires families applied before it
     * @param scripts  versions 1..n
     */
    record Family(String name, Set<String> tables, Set<String> requires, List<Script> scripts) {
    }

    /**
     * One migration script.
     *
     * @param version     1, 2, 3... within its family
     * @param file        {@code V<version>__<description>.sql}
     * @param description the words of the file name
     * @param sql         the text
     */
    record Script(int version, String file, String description, String sql) {
    }

    Workload {
        families = List.copyOf(families);
    }

    /** Migrations in all families. */
    int migrations() {
        return families.stream().mapToInt(f -> f.scripts().size()).sum();
    }

    /** Tables in all families. */
    int tables() {
        return families.stream().mapToInt(f -> f.tables().size()).sum();
    }

    /** The families published by this repository (the ones on the harness's class path), read from their jars. */
    static Workload real(SchemaCatalog catalog) {
        List<Family> families = new ArrayList<>();
        for (SchemaModule module : dependenciesFirst(catalog)) {
            List<Script> scripts = new ArrayList<>();
            for (Migration migration : module.migrations()) {
                scripts.add(new Script(migration.version(), migration.script(), migration.description(),
                        module.readScript(migration)));
            }
            families.add(new Family(module.name(), module.tables(), module.requires(), scripts));
        }
        return new Workload("real", "the families of this repository: " + families.stream()
                .map(f -> f.name() + " (" + f.scripts().size() + " migrations)").toList(), families);
    }

    /** The families of {@code catalog}, each after those it requires (in name order otherwise). */
    private static List<SchemaModule> dependenciesFirst(SchemaCatalog catalog) {
        List<SchemaModule> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (SchemaModule module : catalog.families().stream().sorted(Comparator.comparing(SchemaModule::name)).toList()) {
            place(catalog, module, placed, ordered);
        }
        return ordered;
    }

    private static void place(SchemaCatalog catalog, SchemaModule module, Set<String> placed, List<SchemaModule> ordered) {
        if (!placed.add(module.name())) {
            return;
        }
        for (String required : new TreeSet<>(module.requires())) {
            catalog.family(required).ifPresent(r -> place(catalog, r, placed, ordered));
        }
        ordered.add(module);
    }

    /**
     * {@code familyCount} families {@code gen_0001}, {@code gen_0002}, ... of {@code migrationsPerFamily}
     * migrations each, requiring nothing. The migrations cycle through four shapes, each on the family's
     * next table: create a table; add a JSONB column and its GIN index; a PL/pgSQL function; a B-tree
     * index and a comment. Written as this project's families must be, idempotent
     * ({@code IF NOT EXISTS}, {@code CREATE OR REPLACE}).
     */
    static Workload generated(int familyCount, int migrationsPerFamily) {
        List<Family> families = new ArrayList<>();
        for (int f = 1; f <= familyCount; f++) {
            families.add(generatedFamily(f, migrationsPerFamily));
        }
        return new Workload("generated", familyCount + " generated families x " + migrationsPerFamily
                + " migrations (create table / add column + GIN index / plpgsql function / btree index + comment)",
                families);
    }

    static Family generatedFamily(int number, int migrationsPerFamily) {
        String family = String.format(Locale.ROOT, "gen_%04d", number);
        Set<String> tables = new LinkedHashSet<>();
        List<Script> scripts = new ArrayList<>();
        for (int version = 1; version <= migrationsPerFamily; version++) {
            int round = (version - 1) / 4 + 1;
            String table = family + "_t" + round;
            tables.add(table);
            String description;
            String sql;
            switch ((version - 1) % 4) {
                case 0 -> {
                    description = "create " + table;
                    sql = "-- " + family + " V" + version + ": the table " + table + ".\n"
                            + "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                            + "    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                            + "    name        VARCHAR(200) NOT NULL,\n"
                            + "    owner       VARCHAR(100),\n"
                            + "    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),\n"
                            + "    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),\n"
                            + "    status      VARCHAR(20)  NOT NULL DEFAULT 'active'\n"
                            + "                CHECK (status IN ('active', 'disabled', 'archived'))\n"
                            + ");\n";
                }
                case 1 -> {
                    description = "attributes of " + table;
                    sql = "-- " + family + " V" + version + ": free-form attributes, searchable by containment.\n"
                            + "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS attributes JSONB NOT NULL DEFAULT '{}'::jsonb;\n"
                            + "CREATE INDEX IF NOT EXISTS " + table + "_attributes_idx ON " + table
                            + " USING gin (attributes);\n";
                }
                case 2 -> {
                    description = "touch function of " + table;
                    sql = "-- " + family + " V" + version + ": merges attributes into a row and stamps it; returns rows changed.\n"
                            + "CREATE OR REPLACE FUNCTION " + table + "_touch(p_id BIGINT, p_attributes JSONB)\n"
                            + "RETURNS INTEGER\n"
                            + "LANGUAGE plpgsql\n"
                            + "AS $$\n"
                            + "DECLARE\n"
                            + "    changed INTEGER;\n"
                            + "BEGIN\n"
                            + "    UPDATE " + table + "\n"
                            + "       SET attributes = attributes || coalesce(p_attributes, '{}'::jsonb),\n"
                            + "           updated_at = now()\n"
                            + "     WHERE id = p_id;\n"
                            + "    GET DIAGNOSTICS changed = ROW_COUNT;\n"
                            + "    IF changed = 0 THEN\n"
                            + "        RAISE NOTICE 'no row % in " + table + "', p_id;\n"
                            + "    END IF;\n"
                            + "    RETURN changed;\n"
                            + "END;\n"
                            + "$$;\n";
                }
                default -> {
                    description = "name index of " + table;
                    sql = "-- " + family + " V" + version + ": lookups by name, newest first.\n"
                            + "CREATE INDEX IF NOT EXISTS " + table + "_name_idx ON " + table + " (name, created_at DESC);\n"
                            + "COMMENT ON TABLE " + table + " IS 'Generated benchmark table " + round + " of family "
                            + family + "';\n";
                }
            }
            String file = "V" + version + "__" + description.replace(' ', '_') + ".sql";
            scripts.add(new Script(version, file, description, sql));
        }
        return new Family(family, tables, Set.of(), scripts);
    }
}
