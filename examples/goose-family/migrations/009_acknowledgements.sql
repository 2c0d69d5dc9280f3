-- +goose Up
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS acknowledged_by VARCHAR(100), ADD COLUMN IF NOT EXISTS acknowledged_at TIMESTAMPTZ;
ALTER TABLE alert_sources ADD COLUMN IF NOT EXISTS team VARCHAR(100) NOT NULL DEFAULT 'platform';
ALTER TABLE alert_sources ADD COLUMN IF NOT EXISTS escalation_policy_id BIGINT;
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('alert_sources') AND conname = 'alert_sources_escalation_policy_fkey') THEN
        ALTER TABLE alert_sources ADD CONSTRAINT alert_sources_escalation_policy_fkey
    FOREIGN KEY (escalation_policy_id) REFERENCES escalation_policies (id);
    END IF;
END $$;
-- +goose StatementEnd
CREATE INDEX IF NOT EXISTS alert_sources_team_idx ON alert_sources (team);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION acknowledge_alert(p_alert_id BIGINT, p_by VARCHAR) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    changed INTEGER;
BEGIN
    UPDATE alerts SET acknowledged_by = p_by, acknowledged_at = now()
     WHERE id = p_alert_id AND acknowledged_at IS NULL AND resolved_at IS NULL;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed > 0;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION acknowledge_alert(BIGINT, VARCHAR);
ALTER TABLE alert_sources DROP COLUMN escalation_policy_id;
ALTER TABLE alert_sources DROP COLUMN team;
ALTER TABLE alerts DROP COLUMN acknowledged_at, DROP COLUMN acknowledged_by;
