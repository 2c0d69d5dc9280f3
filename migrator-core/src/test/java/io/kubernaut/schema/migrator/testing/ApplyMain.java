package io.kubernaut.schema.migrator.testing;

import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A migrator in its own JVM, for tests that run several at once: applies the families of the given
 * jars to a database.
 *
 * <pre>
 * java -cp &lt;test class path&gt; io.kubernaut.schema.migrator.testing.ApplyMain JDBC_URL USER SCHEMA JAR...
 * </pre>
 *
 * The password comes from the environment variable {@code SCHEMA_TEST_PASSWORD} (never an argument,
 * which {@code ps} shows). It prints {@code ready}, waits for a line on standard input (so a test can
 * start every process's run at the same moment), applies, prints {@code applied=<count>} and exits 0;
 * on an error it prints it to standard error and exits 1; when standard input ends before the line
 * (the test died) it exits 3 without applying.
 */
public final class ApplyMain {

    private ApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ApplyMain JDBC_URL USER SCHEMA JAR...");
            System.exit(2);
        }
        Path[] jars = Arrays.stream(args, 3, args.length).map(Path::of).toArray(Path[]::new);
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(jars));
        Migrator migrator = Migrator.using(args[0], args[1], System.getenv("SCHEMA_TEST_PASSWORD"))
                .withCatalog(catalog)
                .withConfig(MigrationConfig.builder().schema(args[2]).lockWait(Duration.ofSeconds(60)).build());

        System.out.println("ready");
        System.out.flush();
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
            // The test that started this process is gone: do nothing.
            System.exit(3);
        }
        try {
            ApplyResult result = migrator.apply();
            System.out.println("applied=" + result.applied().size());
            System.out.flush();
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
