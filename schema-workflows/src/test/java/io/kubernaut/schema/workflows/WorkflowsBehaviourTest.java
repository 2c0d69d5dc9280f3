package io.kubernaut.schema.workflows;

import static io.kubernaut.schema.migrator.testing.Refusals.assertRefused;
import static io.kubernaut.schema.workflows.Tables.WORKFLOWS;
import static io.kubernaut.schema.workflows.Tables.WORKFLOW_VERSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.val;

import io.kubernaut.schema.migrator.testing.MigratedConnection;
import io.kubernaut.schema.workflows.tables.records.WorkflowVersionsRecord;
import io.kubernaut.schema.workflows.tables.records.WorkflowsRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.ServerErrorMessage;

/**
 * What the migrated {@code workflows} and {@code workflow_versions} tables do with rows written
 * through the generated jOOQ records: keys, checks, the one-latest rule and the GIN index on labels.
 */
class WorkflowsBehaviourTest {

    @RegisterExtension
    final MigratedConnection database = new MigratedConnection();

    private DSLContext dsl;

    @BeforeEach
    void useTheMigratedDatabase() {
        dsl = DSL.using(database.get(), SQLDialect.POSTGRES);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private WorkflowsRecord workflow(String name) {
        WorkflowsRecord workflow = dsl.newRecord(WORKFLOWS);
        workflow.setWorkflowName(name);
        workflow.setOwner("sre-team");
        workflow.setDescription(JSONB.valueOf("{\"summary\": \"Restart a pod that ran out of memory\"}"));
        return dsl.insertInto(WORKFLOWS).set(workflow).returning().fetchSingle();
    }

    /** A version as it is built before publishing; not stored. */
    private WorkflowVersionsRecord version(WorkflowsRecord workflow, String version, boolean latest) {
        String content = "apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: " + workflow.getWorkflowName() + "-" + version;
        WorkflowVersionsRecord record = dsl.newRecord(WORKFLOW_VERSIONS);
        record.setWorkflowId(workflow.getWorkflowId());
        record.setVersion(version);
        record.setContent(content);
        record.setContentHash(sha256(content));
        record.setLabels(JSONB.valueOf("{\"signal_type\": \"OOMKilled\", \"severity\": \"critical\"}"));
        record.setIsLatestVersion(latest);
        return record;
    }

    private WorkflowVersionsRecord publish(WorkflowVersionsRecord version) {
        return dsl.insertInto(WORKFLOW_VERSIONS).set(version).returning().fetchSingle();
    }

    @Test
    void typedRecordsRoundTripWithTheDatabaseDefaults() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");
        WorkflowVersionsRecord published = publish(version(workflow, "1.0.0", true));

        assertThat(workflow.getWorkflowId()).isNotNull();
        assertThat(workflow.getCreatedAt()).isNotNull().isEqualTo(workflow.getUpdatedAt());
        assertThat(published.getId()).isNotNull();
        assertThat(published.getStatus()).isEqualTo("Active");
        assertThat(published.getExecutionEngine()).isEqualTo("tekton");
        assertThat(published.getParameters()).isNull();

        var joined = dsl.select(WORKFLOWS.WORKFLOW_NAME, WORKFLOW_VERSIONS.VERSION, WORKFLOW_VERSIONS.CONTENT_HASH)
                .from(WORKFLOW_VERSIONS)
                .join(WORKFLOWS).onKey()
                .where(WORKFLOW_VERSIONS.IS_LATEST_VERSION)
                .fetch();
        assertThat(joined).extracting(r -> r.value1(), r -> r.value2(), r -> r.value3())
                .containsExactly(tuple("restart-oom-pod", "1.0.0", sha256(published.getContent())));
        assertThat(dsl.fetchSingle(WORKFLOW_VERSIONS, WORKFLOW_VERSIONS.ID.eq(published.getId())).getLabels())
                .isEqualTo(JSONB.valueOf("{\"severity\": \"critical\", \"signal_type\": \"OOMKilled\"}"));
    }

    @Test
    void aVersionOfAnUnknownWorkflowIsRefusedByTheForeignKey() {
        WorkflowsRecord ghost = dsl.newRecord(WORKFLOWS);
        ghost.setWorkflowId(UUID.randomUUID());
        ghost.setWorkflowName("never-stored");

        assertRefused(() -> publish(version(ghost, "1.0.0", true)), "23503", "workflow_versions_workflow_id_fkey");
    }

    @Test
    void aWorkflowWithVersionsCannotBeDeleted() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");
        publish(version(workflow, "1.0.0", true));

        assertRefused(() -> dsl.deleteFrom(WORKFLOWS).where(WORKFLOWS.WORKFLOW_ID.eq(workflow.getWorkflowId())).execute(),
                "23503", "workflow_versions_workflow_id_fkey");
        assertThat(dsl.fetchCount(WORKFLOWS)).isEqualTo(1);
    }

    @Test
    void aStatusOutsideTheLifecycleIsRefused() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");
        String[] lifecycle = {"Active", "Disabled", "Deprecated", "Archived", "Superseded"};
        for (int i = 0; i < lifecycle.length; i++) {
            WorkflowVersionsRecord version = version(workflow, "1." + i + ".0", false);
            version.setStatus(lifecycle[i]);
            assertThat(publish(version).getStatus()).isEqualTo(lifecycle[i]);
        }

        WorkflowVersionsRecord published = version(workflow, "2.0.0", false);
        published.setStatus("Published");
        ServerErrorMessage error = assertRefused(() -> publish(published), "23514", "workflow_versions_status_check");

        assertThat(error.getTable()).isEqualTo("workflow_versions");
    }

    @Test
    void onlyOneVersionPerWorkflowCanBeTheLatest() {
        WorkflowsRecord restart = workflow("restart-oom-pod");
        WorkflowsRecord scale = workflow("scale-deployment");
        publish(version(restart, "1.0.0", true));

        assertRefused(() -> publish(version(restart, "1.1.0", true)), "23505", "idx_workflow_versions_one_latest");

        // Another workflow has its own latest version, and older versions are not latest.
        publish(version(scale, "1.0.0", true));
        publish(version(restart, "0.9.0", false));
        assertThat(dsl.fetchCount(WORKFLOW_VERSIONS, WORKFLOW_VERSIONS.IS_LATEST_VERSION.isTrue())).isEqualTo(2);
    }

    @Test
    void publishingANewLatestVersionWorksWhenTheOldOneIsSupersededInTheSameTransaction() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");
        publish(version(workflow, "1.0.0", true));

        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.update(WORKFLOW_VERSIONS)
                    .set(WORKFLOW_VERSIONS.IS_LATEST_VERSION, false)
                    .set(WORKFLOW_VERSIONS.STATUS, "Superseded")
                    .where(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflow.getWorkflowId()).and(WORKFLOW_VERSIONS.IS_LATEST_VERSION))
                    .execute();
            tx.insertInto(WORKFLOW_VERSIONS).set(version(workflow, "1.1.0", true)).execute();
        });

        assertThat(dsl.selectFrom(WORKFLOW_VERSIONS).orderBy(WORKFLOW_VERSIONS.VERSION).fetch())
                .extracting(WorkflowVersionsRecord::getVersion, WorkflowVersionsRecord::getStatus,
                        WorkflowVersionsRecord::getIsLatestVersion)
                .containsExactly(tuple("1.0.0", "Superseded", false), tuple("1.1.0", "Active", true));
    }

    @Test
    void aVersionNumberIsUniqueWithinItsWorkflowOnly() {
        WorkflowsRecord restart = workflow("restart-oom-pod");
        WorkflowsRecord scale = workflow("scale-deployment");
        publish(version(restart, "1.0.0", false));

        assertRefused(() -> publish(version(restart, "1.0.0", false)), "23505", "workflow_versions_workflow_id_version_key");
        assertThat(publish(version(scale, "1.0.0", false)).getVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aWorkflowNameIsUnique() {
        workflow("restart-oom-pod");

        assertRefused(() -> workflow("restart-oom-pod"), "23505", "workflows_workflow_name_key");
    }

    @Test
    void publishedContentIsImmutableWhileStatusAndLabelsStayUpdatable() {
        WorkflowVersionsRecord published = publish(version(workflow("restart-oom-pod"), "1.0.0", true));
        Condition thisVersion = WORKFLOW_VERSIONS.ID.eq(published.getId());

        assertRefused(() -> dsl.update(WORKFLOW_VERSIONS).set(WORKFLOW_VERSIONS.CONTENT, "kind: Tampered").where(thisVersion)
                .execute(), "23001", "workflow_versions_immutable");
        assertThat(dsl.update(WORKFLOW_VERSIONS)
                .set(WORKFLOW_VERSIONS.STATUS, "Deprecated")
                .set(WORKFLOW_VERSIONS.LABELS, JSONB.valueOf("{\"signal_type\": \"OOMKilled\"}"))
                .where(thisVersion)
                .execute()).isEqualTo(1);
    }

    @Test
    void updatingAWorkflowMovesItsUpdatedAt() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");

        WorkflowsRecord updated = dsl.update(WORKFLOWS).set(WORKFLOWS.OWNER, "platform-team")
                .where(WORKFLOWS.WORKFLOW_ID.eq(workflow.getWorkflowId())).returning().fetchSingle();

        assertThat(updated.getUpdatedAt()).isAfter(workflow.getUpdatedAt());
        assertThat(updated.getCreatedAt()).isEqualTo(workflow.getCreatedAt());
    }

    @Test
    void versionsAreSelectedByLabelContainmentThroughTheGinIndex() {
        WorkflowsRecord workflow = workflow("restart-oom-pod");
        WorkflowVersionsRecord oom = publish(version(workflow, "1.0.0", true));
        WorkflowVersionsRecord crash = version(workflow, "0.1.0", false);
        crash.setLabels(JSONB.valueOf("{\"signal_type\": \"CrashLoopBackOff\"}"));
        publish(crash);
        Condition oomKilled = condition("{0} @> {1}", WORKFLOW_VERSIONS.LABELS, val(JSONB.valueOf("{\"signal_type\": \"OOMKilled\"}")));

        assertThat(dsl.selectFrom(WORKFLOW_VERSIONS).where(oomKilled).fetch(WORKFLOW_VERSIONS.ID)).containsExactly(oom.getId());

        assertThat(dsl.fetchValue("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                + " AND indexname = 'idx_workflow_versions_labels'", String.class))
                .isEqualTo("CREATE INDEX idx_workflow_versions_labels ON public.workflow_versions USING gin (labels)");
        // Two rows are too few for the planner to prefer an index on its own: take sequential scans away.
        String plan = dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.execute("SET LOCAL enable_seqscan = off");
            return String.join("\n", tx.fetch("EXPLAIN {0}", tx.selectFrom(WORKFLOW_VERSIONS).where(oomKilled))
                    .getValues(0, String.class));
        });
        assertThat(plan).contains("idx_workflow_versions_labels");
    }
}
