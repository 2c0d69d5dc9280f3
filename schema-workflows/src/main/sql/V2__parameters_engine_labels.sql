-- workflows V2: execution parameters, execution engine, label search, timestamps, immutability.
-- Workflows became executable by more than one engine: execution_engine names the engine a
-- version is written for (tekton, the only engine before V2, is the default, so existing
-- versions keep their meaning), and parameters holds the parameter schema a caller must fill.
-- Versions are selected by labels (e.g. {"signal_type": "OOMKilled"}): a GIN index makes
-- containment queries (labels @> ...) fast.
-- workflows.updated_at is kept current by a trigger, and the published facts of a version
-- (workflow_id, version, content, content_hash) are refused any change: a published version
-- is immutable, a change is a new version. status, labels, is_latest_version stay updatable.

ALTER TABLE workflow_versions ADD COLUMN IF NOT EXISTS parameters JSONB;
ALTER TABLE workflow_versions ADD COLUMN IF NOT EXISTS execution_engine VARCHAR(50) NOT NULL DEFAULT 'tekton';

COMMENT ON COLUMN workflow_versions.parameters IS 'Parameter schema of the version (JSON), filled by the caller at execution.';
COMMENT ON COLUMN workflow_versions.execution_engine IS 'Engine that runs this version; tekton by default.';

CREATE INDEX IF NOT EXISTS idx_workflow_versions_labels
    ON workflow_versions USING GIN (labels);

CREATE OR REPLACE FUNCTION workflows_touch_updated_at()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $fn$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION workflows_touch_updated_at() IS 'BEFORE UPDATE row trigger of workflows: sets updated_at to now().';

CREATE OR REPLACE TRIGGER workflows_updated_at
    BEFORE UPDATE ON workflows
    FOR EACH ROW EXECUTE FUNCTION workflows_touch_updated_at();

CREATE OR REPLACE FUNCTION workflow_versions_refuse_content_update()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $fn$
DECLARE
    changed text[];
BEGIN
    changed := array_remove(ARRAY[
        CASE WHEN NEW.workflow_id  IS DISTINCT FROM OLD.workflow_id  THEN 'workflow_id' END,
        CASE WHEN NEW.version      IS DISTINCT FROM OLD.version      THEN 'version' END,
        CASE WHEN NEW.content      IS DISTINCT FROM OLD.content      THEN 'content' END,
        CASE WHEN NEW.content_hash IS DISTINCT FROM OLD.content_hash THEN 'content_hash' END
    ], NULL);
    IF cardinality(changed) > 0 THEN
        RAISE EXCEPTION 'workflow_versions: version % of workflow % is published and immutable, refusing to change %',
                OLD.version, OLD.workflow_id, array_to_string(changed, ', ')
            USING ERRCODE = 'restrict_violation',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = changed[1],
                  CONSTRAINT = 'workflow_versions_immutable',
                  HINT = 'Publish a new version instead.';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION workflow_versions_refuse_content_update() IS
    'BEFORE UPDATE row trigger of workflow_versions: the published content of a version is immutable (SQLSTATE 23001).';

CREATE OR REPLACE TRIGGER workflow_versions_immutable
    BEFORE UPDATE ON workflow_versions
    FOR EACH ROW EXECUTE FUNCTION workflow_versions_refuse_content_update();
