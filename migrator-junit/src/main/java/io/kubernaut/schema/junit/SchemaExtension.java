package io.kubernaut.schema.junit;

import io.kubernaut.schema.junit.internal.DriftGuard;
import io.kubernaut.schema.junit.internal.Settings;
import io.kubernaut.schema.junit.internal.TestDatabase;
import io.kubernaut.schema.junit.internal.TestRun;
import io.kubernaut.schema.migrator.ConfigurationException;
import io.kubernaut.schema.migrator.Drift;
import io.kubernaut.schema.migrator.MigrationConfig;
import io.kubernaut.schema.migrator.MigrationListener;
import io.kubernaut.schema.migrator.Migrator;
import io.kubernaut.schema.migrator.SchemaCatalog;
import io.kubernaut.schema.migrator.SchemaRegistryException;
import io.kubernaut.schema.postgres.ContainerServer;
import io.kubernaut.schema.postgres.PostgresServerException;
import io.kubernaut.schema.postgres.ServerChoice;
import java.lang.reflect.Constructor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link SchemaTest}. Stateless: the server and templates live in JUnit's root
 * store (one per run, closed at its end), each test database in the store of the class or method it
 * belongs to (dropped when that ends).
 */
final class SchemaExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (annotation(context).isolation() == Isolation.PER_CLASS) {
            database(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (annotation(context).isolation() == Isolation.PER_METHOD) {
            database(context);
        }
    }

    /**
     * With {@code verifyNoDrift}: after the test and its {@code @AfterEach} methods, fails the test with
     * every change to the selected families' tables that no earlier test of the database was failed for.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        SchemaTest annotation = annotation(context);
        if (!annotation.verifyNoDrift()) {
            return;
        }
        ExtensionContext.Store store = owner(context, annotation).getStore(NAMESPACE);
        DriftGuard guard = store.get(DriftGuard.class, DriftGuard.class);
        Stored<?> stored = store.get(TestDatabase.class, Stored.class);
        if (guard == null || stored == null) {
            return;
        }
        TestDatabase database = (TestDatabase) stored.value();
        Map<String, List<Drift>> drift = guard.check();
        if (!drift.isEmpty()) {
            StringBuilder message = new StringBuilder("@SchemaTest(verifyNoDrift = true): the test changed the schema '")
                    .append(database.info().schema()).append("' of ").append(database.info().database())
                    .append(": its tables no longer match the families' snapshots:");
            drift.forEach((family, differences) -> differences.forEach(d -> message.append("\n  ").append(family)
                    .append(": ").append(d.describe())));
            throw new AssertionFailedError(message.toString());
        }
    }

    /**
     * Constructor parameters are resolved in the method's context, so per-method databases reach them.
     * JUnit 5.12 added this method; older versions never call it (the return type's class is loaded
     * only when it runs), and resolve constructor parameters in the class's context instead.
     */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DSLContext.class || type == DataSource.class || type == Connection.class
                || type == SchemaDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getDeclaringExecutable() instanceof Constructor<?> && context.getTestMethod().isEmpty()
                && annotation(context).isolation() == Isolation.PER_METHOD) {
            // JUnit before 5.12 instantiates the test class in the class's context: the constructor would get
            // a database of the class, not the method's, and the test would silently see another database.
            throw new ParameterResolutionException("@SchemaTest(isolation = PER_METHOD) on " + context.getDisplayName()
                    + ": constructor parameters need JUnit 5.12 or later and the default per-method test instance lifecycle (here"
                    + " the test instance is created before the test's database exists); declare " + parameter.getParameter().getType().getSimpleName()
                    + " on the test or @BeforeEach method instead");
        }
        TestDatabase database = database(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == DSLContext.class) {
            return DSL.using(database.dataSource(), SQLDialect.POSTGRES);
        }
        if (type == DataSource.class) {
            return database.dataSource();
        }
        if (type == SchemaDatabase.class) {
            database.handedOutForOwnConnections();
            return database.info();
        }
        try {
            Connection connection = database.dataSource().getConnection();
            context.getStore(NAMESPACE).put(new Object(), new Stored<>(connection, connection::close));
            return connection;
        } catch (SQLException e) {
            throw new ParameterResolutionException("Cannot connect to the test database " + database.info().database()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The database of the class, or of the method under per-method isolation; created on first use. */
    private TestDatabase database(ExtensionContext context) {
        SchemaTest annotation = annotation(context);
        ExtensionContext owner = owner(context, annotation);
        TestDatabase database = (TestDatabase) owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestDatabase.class,
                key -> Stored.closing(newDatabase(owner, annotation)), Stored.class).value();
        if (annotation.verifyNoDrift()) {
            owner.getStore(NAMESPACE).getOrComputeIfAbsent(DriftGuard.class, key -> newGuard(owner, annotation, database),
                    DriftGuard.class);
        }
        return database;
    }

    /** The context whose store holds the database: the method's under per-method isolation, else the class's. */
    private static ExtensionContext owner(ExtensionContext context, SchemaTest annotation) {
        return annotation.isolation() == Isolation.PER_METHOD && context.getTestMethod().isPresent()
                ? context : classContext(context);
    }

    /** Verifies the new database once (each family must have a snapshot) and watches it from then on. */
    private static DriftGuard newGuard(ExtensionContext context, SchemaTest annotation, TestDatabase database) {
        String where = "@SchemaTest on " + context.getRequiredTestClass().getName();
        try {
            MigrationConfig config = MigrationConfig.builder().schema(annotation.schema()).tables(annotation.tables())
                    .families(annotation.families()).build();
            SchemaCatalog catalog = testRun(context).catalog(context.getRequiredTestClass().getClassLoader());
            return DriftGuard.start(Migrator.using(database.dataSource()).withCatalog(catalog).withConfig(config)
                    .withListener(MigrationListener.silent()));
        } catch (SchemaRegistryException | IllegalStateException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
    }

    private static TestDatabase newDatabase(ExtensionContext context, SchemaTest annotation) {
        MigrationConfig config;
        SchemaCatalog catalog;
        String where = "@SchemaTest on " + context.getRequiredTestClass().getName();
        TestRun run = testRun(context);
        try {
            config = MigrationConfig.builder().schema(annotation.schema()).tables(annotation.tables())
                    .families(annotation.families()).build();
            catalog = run.catalog(context.getRequiredTestClass().getClassLoader());
        } catch (SchemaRegistryException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        }
        try {
            return run.newDatabase(catalog, config);
        } catch (PostgresServerException e) {
            throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new ExtensionConfigurationException(where + ": the families could not be applied: " + e.getMessage(), e);
        }
    }

    private static TestRun testRun(ExtensionContext context) {
        Settings settings = new Settings(context::getConfigurationParameter, System::getenv);
        return (TestRun) context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestRun.class, key -> {
            ServerChoice choice;
            try {
                choice = settings.serverChoice(ContainerServer::dockerAvailable);
            } catch (ConfigurationException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
            if (choice.kind() == ServerChoice.Kind.TESTCONTAINERS && !ContainerServer.dockerAvailable()) {
                if (settings.flag(Settings.REQUIRE_DOCKER)) {
                    throw new ExtensionConfigurationException(Settings.SERVER + "=testcontainers and "
                            + Settings.REQUIRE_DOCKER + "=true, but no Docker engine is reachable: start Docker (or"
                            + " set TESTCONTAINERS_HOST_OVERRIDE / DOCKER_HOST), or choose " + Settings.SERVER + "=embedded");
                }
                throw new TestAbortedException("Skipped: " + Settings.SERVER + "=testcontainers but no Docker engine is reachable");
            }
            try {
                return Stored.closing(TestRun.start(choice, settings));
            } catch (ConfigurationException e) {
                // A setting with a bad value (schema.test.pool-size, schema.test.clone-strategy).
                throw new ExtensionConfigurationException(e.getMessage(), e);
            } catch (PostgresServerException e) {
                throw new ExtensionConfigurationException(e.getMessage() + " (the server was chosen because "
                        + choice.reason() + "; set " + Settings.SERVER + " to choose another)", e);
            }
        }, Stored.class).value();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static SchemaTest annotation(ExtensionContext context) {
        Optional<Class<?>> type = context.getTestClass();
        while (type.isPresent()) {
            Optional<SchemaTest> annotation = AnnotationSupport.findAnnotation(type.get(), SchemaTest.class);
            if (annotation.isPresent()) {
                return annotation.get();
            }
            type = Optional.ofNullable(type.get().getEnclosingClass());
        }
        throw new ExtensionConfigurationException("SchemaExtension is registered on " + context.getDisplayName()
                + " without @SchemaTest: annotate the test class with @SchemaTest instead of @ExtendWith");
    }
}
