package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.AppliedMigration;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.PlannedMigration;
import io.kubernaut.schema.migrator.SchemaCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * A migrator in its own JVM for the reliability suite. The JDBC URL carries the session's
 * {@code ApplicationName}, so the test finds the child's backend in {@code pg_stat_activity}; the
 * password comes from {@code SCHEMA_TEST_PASSWORD}. Every line it prints is flushed at once.
 *
 * <pre>
 * ReliabilityMain apply URL USER SCHEMA JAR...
 *     prints "ready", waits for a line on standard input (exits 3 without applying if input ends),
 *     applies, printing "starting V&lt;n&gt;" and "applied V&lt;n&gt;" per migration, then "done applied=&lt;count&gt;"
 *     (exit 0) or "failed &lt;exception&gt;: &lt;message&gt;" (exit 1).
 *
 * ReliabilityMain storm URL USER SCHEMA_PREFIX ROUNDS FAMILY|all JAR...
 *     for each round r = 1..ROUNDS prints "waiting r" and waits for a line on standard input (the
 *     start barrier: the test sends it to every child once all wait), applies the family (or every
 *     family) to schema SCHEMA_PREFIX + r and prints "round r ok applied=&lt;count&gt;" or
 *     "round r failed &lt;exception&gt;: &lt;message&gt;". Exits 0 when every round succeeded, 1 when one
 *     failed, 3 when standard input ended early.
 * </pre>
 *
 * <p>The barrier is not a lock in PostgreSQL: a session blocked in a statement holds a snapshot,
 * and {@code CREATE INDEX CONCURRENTLY} of a slower child still in the previous round would wait
 * for it while it waits for that child (see WaitingMigratorTest).
 */
public final class ReliabilityMain {

    private ReliabilityMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "apply" -> apply(args);
            case "storm" -> storm(args);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: ReliabilityMain apply URL USER SCHEMA JAR... | storm URL USER SCHEMA_PREFIX ROUNDS"
                + " FAMILY|all JAR...");
        System.exit(2);
    }

    private static void apply(String[] args) throws Exception {
        if (args.length < 5) {
            usage();
        }
        DataSource dataSource = TestServer.dataSource(args[1], args[2], System.getenv("SCHEMA_TEST_PASSWORD"));
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(jars(args, 4)));
        Migrator migrator = Migrator.using(dataSource).withCatalog(catalog)
                .withConfig(MigrationConfig.builder().schema(args[3]).lockWait(Duration.ofSeconds(60)).build())
                .withListener(new MigrationListener() {
                    @Override
                    public void migrationStarting(PlannedMigration migration) {
                        print("starting V" + migration.version());
                    }

                    @Override
                    public void migrationApplied(AppliedMigration migration) {
                        print("applied V" + migration.migration().version());
                    }
                });
        print("ready");
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
            System.exit(3);
        }
        try {
            ApplyResult result = migrator.apply();
            print("done applied=" + result.applied().size());
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            print("failed " + describe(e));
            System.exit(1);
        }
    }

    private static void storm(String[] args) throws Exception {
        if (args.length < 7) {
            usage();
        }
        DataSource dataSource = TestServer.dataSource(args[1], args[2], System.getenv("SCHEMA_TEST_PASSWORD"));
        String schemaPrefix = args[3];
        int rounds = Integer.parseInt(args[4]);
        MigrationConfig.Builder config = MigrationConfig.builder().lockWait(Duration.ofSeconds(60));
        if (!args[5].equals("all")) {
            config.families(args[5]);
        }
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(jars(args, 6)));
        Migrator migrator = Migrator.using(dataSource).withCatalog(catalog).withListener(MigrationListener.silent());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean allSucceeded = true;
        for (int round = 1; round <= rounds; round++) {
            print("waiting " + round);
            if (in.readLine() == null) {
                System.exit(3);
            }
            try {
                ApplyResult result = migrator.withConfig(config.schema(schemaPrefix + round).build()).apply();
                print("round " + round + " ok applied=" + result.applied().size());
            } catch (RuntimeException e) {
                allSucceeded = false;
                e.printStackTrace();
                print("round " + round + " failed " + describe(e));
            }
        }
        System.exit(allSucceeded ? 0 : 1);
    }

    private static Path[] jars(String[] args, int from) {
        return Arrays.stream(args, from, args.length).map(Path::of).toArray(Path[]::new);
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
    }

    private static void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
