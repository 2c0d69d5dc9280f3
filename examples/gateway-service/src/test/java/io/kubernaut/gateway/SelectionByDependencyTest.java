package io.kubernaut.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.kubernaut.schema.junit.SchemaTest;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Named;
import org.junit.jupiter.api.Test;

/**
 * Selection by dependency: the service depends on schema-audit-events and not on schema-workflows,
 * so audit_events is the only family its database gets.
 *
 * <p>This class alone leaves out {@code tables = "audit_events"}: without a selection the extension
 * applies every family on the test classpath, so what the assertions see is decided by the pom's
 * dependencies and not by a table list.
 */
@SchemaTest
class SelectionByDependencyTest {

    @Test
    void theOnlyFamilyAppliedIsTheOneTheServiceDependsOn(DSLContext dsl) {
        List<String> families = dsl.selectDistinct(field(name("family"), String.class))
                .from(table(name("schema_registry_history")))
                .fetch(0, String.class);

        assertThat(families).containsExactly("audit_events");
    }

    @Test
    void noWorkflowTableExists(DSLContext dsl) {
        List<String> tables = dsl.meta().getSchemas("public").get(0).getTables().stream()
                .map(Named::getName)
                .toList();

        assertThat(tables).contains("audit_events", "schema_registry_history")
                .doesNotContain("workflows", "workflow_versions")
                .allMatch(table -> table.equals("schema_registry_history") || table.startsWith("audit_events"));
    }
}
