package io.kubernaut.schema.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real PostgreSQL database with table families applied:
 * <pre>
 * &#64;SchemaTest(tables = "audit_events")
 * class AuditTrailTest {
 *     &#64;Test
 *     void recordsAnEvent(DSLContext dsl) {
 *         dsl.insertInto(AUDIT_EVENTS).set(AUDIT_EVENTS.EVENT_DATA, JSONB.valueOf("{}")).execute();
 *     }
 * }
 * </pre>
 *
 * <p>Each test class (or, with {@link Isolation#PER_METHOD}, each test method) gets its own database,
 * cloned in milliseconds from a template database migrated once per distinct selection. Test
 * constructors, lifecycle and test methods can declare parameters of type {@code org.jooq.DSLContext},
 * {@code javax.sql.DataSource}, {@code java.sql.Connection} and {@link SchemaDatabase}.
 *
 * <p>The server is chosen once per test run, in this order unless {@code schema.test.server} says
 * otherwise: an external server given by {@code schema.test.jdbc-url} (with {@code schema.test.user},
 * {@code schema.test.password}); Testcontainers when a Docker engine is reachable (image
 * {@code schema.test.postgres-image}); the embedded PostgreSQL. Each setting is read from JUnit
 * configuration parameters, system properties, or the environment ({@code SCHEMA_TEST_JDBC_URL}, ...).
 *
 * <p>The {@code DataSource} (and the {@code DSLContext} on it) is a HikariCP pool per test database of
 * at most {@code schema.test.connections} (default 4) connections. A database reused by a later class
 * comes with the same pool, each connection's session ended in between ({@code DISCARD ALL}); the pool
 * is closed before the database is dropped, and must not be closed by the test.
 * Works with JUnit Jupiter 5.10 or later and 6.x; under {@link Isolation#PER_METHOD}, constructor
 * parameters need 5.12 or later.
 *
 * <p>{@code schema.test.pool-size} (default 2) is how many clones of each template are kept ready in
 * the background (0: clone on demand). {@code schema.test.clone-strategy} is the {@code STRATEGY} of
 * the clone on PostgreSQL 15+: {@code auto} (default: {@code FILE_COPY} when the server runs with
 * {@code fsync=off}, as the embedded and Testcontainers servers do, else the server's default),
 * {@code wal_log} or {@code file_copy}.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SchemaExtension.class)
public @interface SchemaTest {

    /** Tables to apply (each selects the family that owns it). Empty with {@link #families()}: every family on the classpath. */
    String[] tables() default {};

    /** Families to apply, with the families they require. */
    String[] families() default {};

    /** The schema the families are applied to, and the connections' search path. */
    String schema() default "public";

    /** A database per test class (default) or per test method. */
    Isolation isolation() default Isolation.PER_CLASS;

    /**
     * Whether each test must leave the selected families' tables as their artifacts' schema snapshots
     * describe them. When true, after each test (and its {@code @AfterEach} methods) the extension runs
     * {@code Migrator.verify()} on the test's database and fails the test with every difference (a
     * column added, an index dropped, a default changed, ...); data is never looked at.
     *
     * <p>Under {@link Isolation#PER_CLASS} the tests of a class share one database: a test fails only
     * for changes no earlier test of the class was failed for, so one {@code ALTER TABLE} fails the
     * test that made it, not every test after it. A family whose jar has no snapshot cannot be checked
     * and fails the class. Each check reads the catalog (a few milliseconds); off by default.
     *
     * @since 0.1.0
     */
    boolean verifyNoDrift() default false;
}
