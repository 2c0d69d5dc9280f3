package io.kubernaut.schema.maven.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Runs jOOQ's code generator on a family's tables in a real PostgreSQL (not jOOQ's DDLDatabase,
 * whose H2 simulation loses partitioning and GIN indexes). The code is generated for the default
 * schema, so it is not schema-qualified and works in whatever schema the family is applied to.
 */
final class JooqGeneration {

    private JooqGeneration() {
    }

    /** The class, in the family's package, that binds {@code inet} columns; see {@link InetBinding}. */
    static final String INET_BINDING = "InetBinding";

    /**
     * Generates the classes of {@code tables}. With {@code inetBinding}, {@code inet} columns become
     * {@code String} fields bound by the family's {@value #INET_BINDING} (jOOQ's open-source edition
     * has no inet type, and its extensions module is not published here), which the caller writes.
     */
    static void generate(Connection connection, String schema, Collection<String> tables, String packageName,
            Path directory, boolean inetBinding) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        String includes = tables.stream().sorted().map(Pattern::quote).collect(Collectors.joining("|"));
        Configuration configuration = new Configuration()
                .withLogging(Logging.WARN)
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema(schema)
                                .withOutputSchemaToDefault(true)
                                .withIncludes(includes)
                                .withIncludeRoutines(false)
                                .withIncludeTriggerRoutines(false)
                                .withIncludeSequences(false)
                                .withIncludeUDTs(false)
                                .withIncludeDomains(false)
                                .withForcedTypes(inetBinding ? List.of(new ForcedType()
                                        .withUserType(String.class.getName())
                                        .withBinding(packageName + "." + INET_BINDING)
                                        .withIncludeTypes("inet")) : List.of()))
                        .withGenerate(new Generate()
                                // No dates, versions or generator names in the output: same input, same bytes.
                                .withGeneratedAnnotation(false)
                                .withComments(true)
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withFluentSetters(true))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(directory.toString())
                                .withClean(true)));
        GenerationTool tool = new GenerationTool();
        tool.setConnection(connection);
        tool.run(configuration);
    }
}
