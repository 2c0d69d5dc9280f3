package io.kubernaut.schema.cli;

import io.kubernaut.schema.cli.ClasspathOptions.Families;
import io.kubernaut.schema.migrator.ApplyResult;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.postgres.EmbeddedServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code migrator up}: starts an embedded PostgreSQL, applies the families and keeps it running,
 * printing how to connect, until interrupted (Ctrl-C, SIGTERM, or the thread's interrupt).
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start an embedded PostgreSQL, apply the selected families and keep it running until"
                + " interrupted (Ctrl-C), printing its JDBC URL, user and a psql command.")
final class UpCommand extends CliCommand {

    @Mixin
    MigrationOptions migration;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The port on localhost (default: a free one).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the data in DIR between runs"
            + " (default: a temporary directory deleted when stopped).")
    Path dataDirectory;

    @Override
    protected ExitCode execute(Console console) {
        MigrationConfig config = migration.config();
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 (a free port) to 65535, was " + port);
        }
        EmbeddedServer.Builder server = EmbeddedServer.builder().port(port);
        if (dataDirectory != null) {
            server.dataDirectory(dataDirectory).durable(true);
        }
        Stopper stopper = new Stopper();
        try (Families families = families(console)) {
            migration.checkSelection(families.catalog());
            EmbeddedServer embedded = server.start();
            Database database = Database.started(embedded);
            try {
                ApplyResult result = Migrator.using(database.dataSource()).withCatalog(families.catalog())
                        .withConfig(config).withListener(console.listener()).apply();
                announce(console, embedded, database, config, result);
                stopper.await();
            } finally {
                stop(console, embedded, database, stopper);
            }
            return ExitCode.SUCCESS;
        } finally {
            stopper.done();
        }
    }

    private static void stop(Console console, EmbeddedServer server, Database database, Stopper stopper) {
        console.note("stopping the embedded PostgreSQL on port " + server.port());
        if (stopper.jvmShuttingDown()) {
            // Ctrl-C or SIGTERM: zonky's own shutdown hook is already stopping the server (and deleting a
            // temporary data directory) on another thread; closing it here too would race that cleanup.
            return;
        }
        database.close();
        console.note("stopped");
    }

    private void announce(Console console, EmbeddedServer server, Database database, MigrationConfig config,
            ApplyResult result) {
        String psql = "psql -h localhost -p " + server.port() + " -U " + database.user() + " postgres";
        String data = server.dataDirectory() + (dataDirectory != null ? " (kept)" : " (deleted when stopped)");
        String human = result + "\nPostgreSQL is up (embedded), families applied to schema '" + config.schema() + "':\n"
                + "  JDBC URL:  " + database.url() + "\n"
                + "  user:      " + database.user() + " (no password)\n"
                + "  psql:      " + psql + "\n"
                + "  data:      " + data + "\n"
                + "Press Ctrl-C to stop.\n";
        console.result(human, new Json.UpView(database.url(), database.user(), server.port(),
                server.dataDirectory().toString(), dataDirectory != null, psql, Json.apply(result)));
    }

    /**
     * Waits for the end: the thread's interrupt, or JVM shutdown (Ctrl-C, SIGTERM), in which case the
     * shutdown hook holds the JVM until the server has stopped, so the data directory is left clean.
     */
    private static final class Stopper {

        private final CountDownLatch stop = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final Thread hook;
        private volatile boolean shuttingDown;
        private boolean interrupted;

        Stopper() {
            hook = new Thread(() -> {
                shuttingDown = true;
                stop.countDown();
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "migrator-up-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void await() {
            try {
                stop.await();
            } catch (InterruptedException e) {
                // Stop the server first (pg_ctl would fail on an interrupted thread); restored in done().
                interrupted = true;
            }
        }

        boolean jvmShuttingDown() {
            return shuttingDown;
        }

        void done() {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is what is waiting for us.
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
