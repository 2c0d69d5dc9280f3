package io.kubernaut.schema.benchmarks;

import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The suite benchmark's baseline: what a suite without isolation does, every test class on one database
 * migrated once (a static pool, as a hand-written base class or a Testcontainers singleton gives it).
 * Public because the generated test classes name it in {@code @ExtendWith}.
 */
public final class SharedDatabase implements ParameterResolver {

    private static volatile DataSource dataSource;

    /** The database the next suite run shares. */
    static void use(DataSource shared) {
        dataSource = Objects.requireNonNull(shared, "shared");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DSLContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }
}
