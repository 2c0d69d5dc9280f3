package io.kubernaut.schema.migrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kubernaut.schema.migrator.archive.FamilyIndex;
import io.kubernaut.schema.migrator.archive.FamilyLayout;
import io.kubernaut.schema.migrator.testing.FamilyJar;
import io.kubernaut.schema.migrator.testing.JarRewrite;
import io.kubernaut.schema.migrator.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: bad inputs, each a clear error (its type, a message that says what and where) with
 * nothing applied: no history row added, no table created and, for everything refused before a
 * migration runs, not even the target schema. The target is schema {@code tenant}, absent at the
 * start, so "not even the schema" shows. Cases other tests cover in more depth name them; see
 * docs/reliability.md for the list.
 */
class BadInputTest {

    private static final String SCHEMA = "tenant";

    @TempDir
    Path jars;

    private TestPostgres.Database database;

    @BeforeEach
    void setUp() {
        database = TestPostgres.newDatabase();
    }

    private Migrator migrator(Path... familyJars) {
        return Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(familyJars)))
                .withListener(MigrationListener.silent())
                .withConfig(MigrationConfig.builder().schema(SCHEMA).build());
    }

    private static FamilyJar events(String version) {
        return FamilyJar.family("events").version(version)
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);")
                .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;");
    }

    /** Nothing at all in the database: no schema but public, no table anywhere. */
    private void assertUntouched() {
        assertThat(database.schemas()).containsExactly("public");
        assertThat(database.tables("public")).isEmpty();
    }

    /** Every schema, its tables and its history: to show a refused run changed none of it. */
    private List<String> state() {
        List<String> state = new ArrayList<>();
        for (String schema : database.schemas()) {
            state.add(schema + ": tables " + database.tables(schema) + ", history " + database.history(schema));
        }
        for (String table : database.tables(SCHEMA)) {
            if (!table.equals("schema_registry_history")) {
                state.add(table + ": columns " + database.columns(SCHEMA, table));
            }
        }
        return state;
    }

    @Test
    void malformedSqlNamesTheScriptLineAndSqlstateAndNothingOfTheMigrationStays() {
        Path jar = FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE events (id BIGINT PRIMARY KEY);\n"
                        + "INSERT INTO events VALUES (1);\n"
                        + "CREAT INDEX events_id_idx ON events (id);\n")
                .writeTo(jars);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class, () -> migrator(jar).apply());

        assertThat(e.family()).isEqualTo("events");
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.script()).isEqualTo("V1__create_events.sql");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.sqlState()).isEqualTo("42601");
        assertThat(e.getMessage()).contains("migration 'events' V1 (V1__create_events.sql:3) failed: syntax error",
                "[SQLSTATE 42601]", "CREAT INDEX events_id_idx");
        // The run's bookkeeping stays (the schema and an empty history table, created before the first
        // migration); nothing of the migration does: its statements before the bad one were rolled back.
        assertThat(database.tables(SCHEMA)).containsExactly("schema_registry_history");
        assertThat(database.history(SCHEMA)).isEmpty();
        assertThat(database.tables("public")).isEmpty();
    }

    @Test
    void malformedSqlInAllOrNothingModeLeavesNotEvenTheSchema() {
        Path jar = FamilyJar.family("events")
                .migration("V1__create_events.sql", "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY);")
                .migration("V2__broken.sql", "ALTER TABLE events ADD COLUMN kind TEXT\nDEFAULT;")
                .writeTo(jars);

        MigrationFailedException e = catchThrowableOfType(MigrationFailedException.class,
                () -> migrator(jar).withConfig(MigrationConfig.builder().schema(SCHEMA).allOrNothing(true).build()).apply());

        assertThat(e.getMessage()).contains("migration 'events' V2 (V2__broken.sql:2) failed", "[SQLSTATE 42601]");
        assertUntouched();
    }

    /**
     * The index is the truth: a .sql file in the jar that the index does not list is never read or
     * run, and it is not an error. The schema Maven plugin writes the index from every .sql file of
     * src/main/sql (and fails the build on a misnamed one), so such a file can only be in a jar built
     * or altered by other means; the migrator never lists a jar's directories (which breaks in fat
     * and nested jars), so it cannot see the file to warn about it. See docs/reliability.md.
     */
    @Test
    void aSqlFileTheIndexDoesNotListIsNeverRun() {
        Path built = events("1.0.0").writeTo(jars.resolve("built"));
        Path jar = JarRewrite.of(built)
                .add(FamilyLayout.scriptPath("events", "V3__unlisted.sql"), "CREATE TABLE unlisted (id INT);\nSELECT 1 / 0;")
                .writeTo(jars.resolve("altered/events-1.0.0.jar"));

        ApplyResult result = migrator(jar).apply();

        assertThat(result.applied()).extracting(a -> a.migration().script())
                .containsExactly("V1__create_events.sql", "V2__add_kind.sql");
        assertThat(database.tables(SCHEMA)).containsExactly("events", "schema_registry_history");
        assertThat(migrator(jar).plan().upToDate()).isTrue();
    }

    /** More in {@link BrokenFamilyTest}. */
    @Test
    void anIndexNamingAScriptThatIsNotInTheJarNamesScriptAndJarAndNothingIsCreated() {
        Path jar = events("1.0.0").withoutScriptFile("V2__add_kind.sql").writeTo(jars);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> migrator(jar).apply());

        assertThat(e.getMessage()).contains("'events'", "V2__add_kind.sql", jar.toString(), "Nothing was applied");
        assertUntouched();
    }

    /** More in {@link OrderingTest}. */
    @Test
    void aFamilyRequiringAnAbsentFamilyNamesBothAndTheJarAndNothingIsCreated() {
        Path notes = FamilyJar.family("notes").requires("events")
                .migration("V1__create_notes.sql", "CREATE TABLE IF NOT EXISTS notes (id INT);").writeTo(jars);

        MissingFamilyException e = catchThrowableOfType(MissingFamilyException.class, () -> migrator(notes).apply());

        assertThat(e.family()).isEqualTo("notes");
        assertThat(e.missing()).isEqualTo("events");
        assertThat(e.getMessage()).contains("'notes'", notes.toString(), "requires family 'events'", "Nothing was applied");
        assertUntouched();
    }

    /** More in {@link OrderingTest}. */
    @Test
    void aDependencyCycleIsNamedAndNothingIsCreated() {
        Path a = FamilyJar.family("a").requires("b")
                .migration("V1__create_a.sql", "CREATE TABLE IF NOT EXISTS a (id INT);").writeTo(jars);
        Path b = FamilyJar.family("b").requires("a")
                .migration("V1__create_b.sql", "CREATE TABLE IF NOT EXISTS b (id INT);").writeTo(jars);

        DependencyCycleException e = catchThrowableOfType(DependencyCycleException.class, () -> migrator(a, b).apply());

        assertThat(e.cycle()).containsExactly("a", "b", "a");
        assertThat(e.getMessage()).contains("a -> b -> a", "Nothing was applied");
        assertUntouched();
    }

    /** More in {@link ConflictTest}. */
    @Test
    void twoVersionsOfAFamilyOnTheClassPathNameBothJarsAndVersionsAndNothingIsCreated() {
        Path older = events("1.0.0").writeTo(jars.resolve("a"));
        Path newer = events("1.1.0").migration("V3__create_tags.sql", "CREATE TABLE IF NOT EXISTS tags (id INT);")
                .writeTo(jars.resolve("b"));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(FamilyJar.loaderOf(older, newer));
        ConflictException e;
        try {
            // The catalog is discovered by apply itself, as in a service.
            e = catchThrowableOfType(ConflictException.class, () -> Migrator.using(database.dataSource())
                    .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply());
        } finally {
            thread.setContextClassLoader(previous);
        }

        assertThat(e.conflicts()).singleElement().isInstanceOf(Conflict.DuplicateFamily.class);
        assertThat(e.getMessage()).contains("'events'", older.toString(), "1.0.0", newer.toString(), "1.1.0",
                "Nothing was applied");
        assertUntouched();
    }

    /** More in {@link ConflictTest}. */
    @Test
    void anEditedAppliedMigrationIsRefusedWithBothChecksumsAndNothingChanges() {
        migrator(events("1.0.0").writeTo(jars.resolve("old"))).apply();
        List<String> before = state();
        String edited = "CREATE TABLE IF NOT EXISTS events (id BIGINT PRIMARY KEY, extra TEXT);";
        Path jar = FamilyJar.family("events").version("1.1.0")
                .migration("V1__create_events.sql", edited)
                .migration("V2__add_kind.sql", "ALTER TABLE events ADD COLUMN IF NOT EXISTS kind TEXT;")
                .migration("V3__create_tags.sql", "CREATE TABLE IF NOT EXISTS tags (id INT);")
                .writeTo(jars.resolve("new"));

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> migrator(jar).apply());

        assertThat(e.conflicts()).singleElement().isInstanceOf(Conflict.ChecksumMismatch.class);
        assertThat(e.getMessage()).contains("'events' V1 (V1__create_events.sql)", FamilyIndex.checksum(edited),
                "1.0.0", "1.1.0", "Nothing was applied");
        assertThat(state()).isEqualTo(before);
    }

    /** More in {@link ConflictTest}. */
    @Test
    void aDatabaseAheadOfTheArtifactIsRefusedNamingTheVersionsAndNothingChanges() {
        migrator(events("2.0.0").migration("V3__create_tags.sql", "CREATE TABLE IF NOT EXISTS tags (id INT);")
                .writeTo(jars.resolve("new"))).apply();
        List<String> before = state();

        ConflictException e = catchThrowableOfType(ConflictException.class,
                () -> migrator(events("1.0.0").writeTo(jars.resolve("old"))).apply());

        assertThat(e.conflicts()).singleElement().isInstanceOf(Conflict.DatabaseAhead.class);
        assertThat(e.getMessage()).contains("V3", "'events'", "2.0.0", "1.0.0", "Nothing was applied");
        assertThat(state()).isEqualTo(before);
    }

    /**
     * On the embedded server, which trusts local connections, a pg_hba.conf line for this test's
     * role alone makes its password count. More in {@link PasswordTest}.
     */
    @Test
    void aWrongPasswordIsAClearConnectionErrorWithoutThePasswordAndNothingIsCreated() throws Exception {
        String role = "reliability_app";
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN PASSWORD 'right-pw-1'; END IF; END $$");
        requirePasswordOf(role);
        Path jar = events("1.0.0").writeTo(jars);

        DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(database.jdbcUrl(), role, "wrong-pw-2")
                        .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)))
                        .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply());

        assertThat(e.getMessage()).contains("Cannot connect to PostgreSQL", "password authentication failed",
                "\"" + role + "\"", "[SQLSTATE 28P01]").doesNotContain("wrong-pw-2", "right-pw-1");
        assertUntouched();
    }

    /**
     * A refusal of the server outside a migration (here: no right to create the target schema) is a
     * {@link DatabaseUnavailableException} (the database cannot be used by this user), whose message
     * says what to grant.
     */
    @Test
    void aUserWithoutThePrivilegeToCreateTheSchemaIsToldWhatToGrantAndNothingIsCreated() {
        String role = "reliability_limited";
        database.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN PASSWORD 'limited-pw-4'; END IF; END $$");
        Path jar = events("1.0.0").writeTo(jars);

        DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using(database.jdbcUrl(), role, "limited-pw-4")
                        .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)))
                        .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply());

        assertThat(e.getMessage()).contains("applying to schema '" + SCHEMA + "'", "permission denied for database",
                "[SQLSTATE 42501]", "CREATE on the database").doesNotContain("limited-pw-4");
        assertUntouched();
    }

    /** More in {@link PasswordTest}. */
    @Test
    void anUnreachableServerIsAClearConnectionErrorNamingWhere() throws IOException {
        Path jar = events("1.0.0").writeTo(jars);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        DatabaseUnavailableException refused = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using("jdbc:postgresql://127.0.0.1:" + port + "/db", "app", "pw-3")
                        .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar))).apply());
        DatabaseUnavailableException unknownHost = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Migrator.using("jdbc:postgresql://no-such-host.invalid:5432/db", "app", "pw-3")
                        .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar))).apply());

        assertThat(refused.getMessage()).contains("Cannot connect to PostgreSQL", "127.0.0.1:" + port, "[SQLSTATE 08001]")
                .doesNotContain("pw-3");
        assertThat(unknownHost.getMessage()).contains("Cannot connect to PostgreSQL", "no-such-host.invalid")
                .doesNotContain("pw-3");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aServerThatAcceptsButNeverAnswersFailsWithinTheLoginTimeout() throws Exception {
        Path jar = events("1.0.0").writeTo(jars);
        java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never a byte back
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            DatabaseUnavailableException e = catchThrowableOfType(DatabaseUnavailableException.class,
                    () -> Migrator.using("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/db", "app", "pw-4")
                            .withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar))).status());

            assertThat(e.getMessage()).contains("Cannot connect to PostgreSQL", "timed out").doesNotContain("pw-4");
            assertThat(accepted).as("the server accepted the connection: not a refused port").isNotEmpty();
        } finally {
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** More in {@link LockTimeoutTest}. */
    @Test
    void aLockHeldPastTheWaitNamesTheHolderAndNothingIsCreated() throws SQLException {
        Path jar = events("1.0.0").writeTo(jars);
        try (Connection blocker = database.dataSource().getConnection()) {
            int pid;
            try (Statement statement = blocker.createStatement()) {
                statement.execute("SET application_name = 'other-migrator'");
            }
            try (PreparedStatement statement = blocker.prepareStatement("SELECT pg_advisory_lock(?), pg_backend_pid()")) {
                statement.setLong(1, Migrator.lockKey(SCHEMA));
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    pid = result.getInt(2);
                }
            }

            LockTimeoutException e = catchThrowableOfType(LockTimeoutException.class, () -> migrator(jar)
                    .withConfig(MigrationConfig.builder().schema(SCHEMA).lockWait(Duration.ofMillis(300)).build()).apply());

            assertThat(e.holder()).hasValueSatisfying(holder -> assertThat(holder.pid()).isEqualTo(pid));
            assertThat(e.getMessage()).contains("schema '" + SCHEMA + "'", "pid " + pid,
                    "application_name 'other-migrator'", "pg_terminate_backend(" + pid + ")");
        }
        assertUntouched();
    }

    /**
     * A family index declaring a table name that is not a plain identifier is rejected when the
     * family is loaded, naming the index and the name. (Hostile schema names are quoted and work:
     * {@link SchemaTest}.)
     */
    @Test
    void aHostileTableNameInAnIndexIsRejectedNamingTheIndexAndNothingIsCreated() {
        Path built = events("1.0.0").writeTo(jars.resolve("built"));
        String hostile = "events\\\"; DROP TABLE victim; --";
        Path jar = JarRewrite.of(built)
                .editIndex("events", index -> index.replace("tables=events\n", "tables=" + hostile + "\n"))
                .writeTo(jars.resolve("altered/events-1.0.0.jar"));
        database.execute("CREATE TABLE victim (id INT)");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Migrator.using(database.dataSource()).withCatalog(SchemaCatalog.discover(FamilyJar.loaderOf(jar)))
                        .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply());

        assertThat(e.getMessage()).contains("Cannot load a table family", "Invalid table of family 'events' name",
                "DROP TABLE victim", jar.toString(), FamilyLayout.indexPath("events"));
        assertThat(database.schemas()).containsExactly("public");
        assertThat(database.tables("public")).containsExactly("victim");
    }

    /** Script names and descriptions reach SQL only as bound values: a hostile one is recorded as it is. */
    @Test
    void aHostileScriptNameIsRecordedVerbatimAndRunsNothingElse() {
        database.execute("CREATE TABLE victim (id INT)");
        String script = "V1__x'); DROP TABLE victim; --.sql";
        Path jar = FamilyJar.family("events")
                .migration(script, "CREATE TABLE IF NOT EXISTS events (id INT);").writeTo(jars);

        migrator(jar).apply();

        assertThat(database.tables("public")).containsExactly("victim");
        assertThat(database.value("SELECT script FROM tenant.schema_registry_history")).isEqualTo(script);
    }

    /** With a selection, more in {@link SelectionTest}. */
    @Test
    void anEmptyClassPathIsAClearErrorAndNothingIsCreated() {
        SchemaCatalog empty = SchemaCatalog.discover(FamilyJar.loaderOf());

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> Migrator.using(database.dataSource()).withCatalog(empty)
                        .withConfig(MigrationConfig.builder().schema(SCHEMA).build()).apply());

        assertThat(e.getMessage()).contains("No table family on the classpath", "Nothing was applied");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> Migrator.using(database.dataSource())
                .withCatalog(empty).plan())).hasMessageContaining("No table family on the classpath");
        assertUntouched();
    }

    /**
     * Makes {@code role}'s password count on the embedded server (which trusts every local
     * connection): a line for this role alone, first in pg_hba.conf, then a reload. Servers in Docker
     * check passwords already.
     */
    private void requirePasswordOf(String role) throws Exception {
        if (!database.server().kind().equals("embedded")) {
            return;
        }
        Path hba = Path.of(database.value("SHOW hba_file"));
        String rules = Files.readString(hba);
        String line = "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role + " ::1/128 scram-sha-256\n";
        if (!rules.startsWith(line)) {
            Files.writeString(hba, line + rules);
            database.value("SELECT pg_reload_conf()");
        }
        // The postmaster reloads asynchronously: wait until a wrong password is refused.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Connection ignored = java.sql.DriverManager.getConnection(database.jdbcUrl(), role, "probe-wrong")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The embedded server still accepts any password for " + role);
                }
                Thread.sleep(20);
            } catch (SQLException refused) {
                return;
            }
        }
    }
}
