-- audit_events V4: retention_days range check, and cluster_name renamed to cluster_id.
-- retention_days drives the retention clean-up: 0 or a negative value would make an event
-- eligible for deletion at once, and more than 2555 days (7 years, the Sarbanes-Oxley
-- period and the default) is beyond the policy. The CHECK keeps it in 1..2555.
-- cluster_name was meant to record which cluster of the fleet an event came from (provenance
-- for reconstructing what happened), which needs the unique cluster identifier, not a
-- non-unique display name: the column is renamed to cluster_id, data kept.

DO $$
DECLARE
    has_name boolean;
    has_id   boolean;
BEGIN
    SELECT EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'audit_events'
                      AND column_name = 'cluster_name'),
           EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = 'audit_events'
                      AND column_name = 'cluster_id')
      INTO has_name, has_id;
    IF has_name AND NOT has_id THEN
        ALTER TABLE audit_events RENAME COLUMN cluster_name TO cluster_id;
    ELSIF has_name AND has_id THEN
        -- Both exist (a half-done manual rename): keep the data of both, then drop the old name.
        UPDATE audit_events SET cluster_id = cluster_name
         WHERE cluster_id IS NULL AND cluster_name IS NOT NULL;
        ALTER TABLE audit_events DROP COLUMN IF EXISTS cluster_name;
        RAISE NOTICE 'audit_events: copied cluster_name into the existing cluster_id and dropped cluster_name';
    END IF;
END
$$;

ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS cluster_id VARCHAR(255);

COMMENT ON COLUMN audit_events.cluster_id IS 'Unique identifier of the Kubernetes cluster the event came from, fleet provenance (was cluster_name before V4).';

DO $$
DECLARE
    bad bigint;
BEGIN
    -- Any CHECK on audit_events that mentions retention_days counts (tables adopted from the
    -- old scripts may carry it under another name).
    IF NOT EXISTS (SELECT 1
                     FROM pg_constraint con
                     JOIN pg_class c ON c.oid = con.conrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema()
                      AND c.relname = 'audit_events'
                      AND con.contype = 'c'
                      AND pg_get_constraintdef(con.oid) LIKE '%retention_days%') THEN
        SELECT count(*) INTO bad FROM audit_events WHERE NOT (retention_days BETWEEN 1 AND 2555);
        IF bad > 0 THEN
            RAISE EXCEPTION 'audit_events: % row(s) have retention_days outside 1..2555, cannot add the retention check', bad
                USING ERRCODE = 'check_violation',
                      HINT = 'Fix them first, e.g. UPDATE audit_events SET retention_days = 2555 WHERE NOT (retention_days BETWEEN 1 AND 2555).';
        END IF;
        ALTER TABLE audit_events
            ADD CONSTRAINT audit_events_retention_days_check CHECK (retention_days BETWEEN 1 AND 2555);
    END IF;
END
$$;
