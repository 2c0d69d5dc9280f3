package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords never appear in messages or logs: neither in an exception (nor its causes) nor in what
 * the default SLF4J listener or the printing listener write.
 */
class PasswordTest {

    private static final String PASSWORD = "s3cret-pw";
    private static final String WRONG_PASSWORD = "wr0ng-s3cret";

    @TempDir
    Path jars;

    private TestPostgres.Database database;
    private PrintStream originalErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
        // Roles belong to the server, not the database: create it once, keep its password known.
        database.execute("DO $$ BEGIN\n"
                + "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN\n"
                + "    CREATE ROLE app LOGIN PASSWORD '" + PASSWORD + "';\n"
                + "  END IF;\n"
                + "END $$");
        // Owning the database, app may create schemas and, since PostgreSQL 15, tables in public.
        database.execute("ALTER DATABASE " + database.name() + " OWNER TO app");
        database.execute("ALTER SCHEMA public OWNER TO app");
        // slf4j-simple writes to whatever System.err is when it logs.
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(log, originalErr), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    private String captured() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** The exception as a stack trace prints it: every message, cause and suppressed exception. */
    private static String everything(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private SchemaCatalog failingFamily() {
        return SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);")
                .migration("V2__broken.sql", "ALTER TABLE events ADD COLUMN kind TEXT;\nINSERT INTO events (id, knd) VALUES (1, 2);")
                .writeTo(jars)));
    }

    private static int portWithNothingListening() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theRoleCanMigrate() {
        SchemaCatalog catalog = SchemaCatalog.discover(FamilyJar.loaderOf(FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id INT);").writeTo(jars)));

        Migrator.using(database.jdbcUrl(), "app", PASSWORD).withCatalog(catalog)
                .withConfig(MigrationConfig.builder().schema("app_schema").build()).apply();

        assertThat(database.value("SELECT installed_by FROM app_schema.schema_registry_history")).isEqualTo("app");
        assertThat(captured()).contains("Applied events V1").doesNotContain(PASSWORD);
    }

    @Test
    void aFailingMigrationShowsNoPasswordInTheErrorOrTheLog() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Migrator migrator = Migrator.using(database.jdbcUrl(), "app", PASSWORD).withCatalog(failingFamily());

        MigrationFailedException logged = catchThrowableOfType(MigrationFailedException.class, migrator::apply);
        MigrationFailedException shown = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator.withOutput(new PrintStream(printed, true, StandardCharsets.UTF_8)).apply());

        assertThat(everything(logged)).contains("knd").doesNotContain(PASSWORD);
        assertThat(everything(shown)).doesNotContain(PASSWORD);
        // The capture works (the failure was logged), and the log has no password.
        assertThat(captured()).contains("migration 'events' V2 (V2__broken.sql:2) failed").doesNotContain(PASSWORD);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("FAILED").doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsReportedWithoutEitherPassword() {
        Assumptions.assumeFalse(database.server().kind().equals("embedded"),
                "The embedded server trusts every local connection, so no password can be wrong there");

        DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(database.jdbcUrl(), "app", WRONG_PASSWORD).withCatalog(failingFamily()).apply());

        assertThat(e.getMessage()).contains("password authentication failed", "app", "28P01");
        assertThat(everything(e)).doesNotContain(WRONG_PASSWORD, PASSWORD);
        assertThat(captured()).doesNotContain(WRONG_PASSWORD, PASSWORD);
    }

    @Test
    void anUnreachableServerIsReportedWithoutThePassword() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + portWithNothingListening() + "/" + database.name();

        DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(url, "app", PASSWORD).withCatalog(failingFamily()).apply());

        assertThat(e.getMessage()).contains("Cannot connect to PostgreSQL");
        assertThat(everything(e)).doesNotContain(PASSWORD);
        assertThat(captured()).doesNotContain(PASSWORD);
        assertThat(catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(url, "app", PASSWORD).withCatalog(failingFamily()).status()))
                .satisfies(status -> assertThat(everything(status)).doesNotContain(PASSWORD));
    }

    @Test
    void aPasswordInTheJdbcUrlIsNotShownEither() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + portWithNothingListening() + "/" + database.name()
                + "?user=app&password=" + PASSWORD;

        DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(url, null, null).withCatalog(failingFamily()).apply());

        assertThat(everything(e)).doesNotContain(PASSWORD);
        assertThat(captured()).doesNotContain(PASSWORD);
    }

    /** Writes to two streams: the capture, and the real standard error so the build log stays complete. */
    private static final class TeeStream extends OutputStream {

        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
