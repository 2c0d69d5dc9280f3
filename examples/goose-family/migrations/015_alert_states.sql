-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'alert_state' AND n.nspname = current_schema()) THEN
        CREATE TYPE alert_state AS ENUM ('open', 'acknowledged', 'resolved');
    END IF;
END $$;
-- +goose StatementEnd
ALTER TABLE alert_status_history ADD COLUMN IF NOT EXISTS state alert_state;
ALTER TYPE alert_state ADD VALUE IF NOT EXISTS 'suppressed' AFTER 'acknowledged';
CREATE INDEX IF NOT EXISTS alert_status_history_state_idx ON alert_status_history (state);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION alert_state_of(p_status VARCHAR) RETURNS alert_state
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE p_status
        WHEN 'resolved' THEN 'resolved'::alert_state
        WHEN 'acknowledged' THEN 'acknowledged'::alert_state
        ELSE 'open'::alert_state
    END;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION alert_state_of(VARCHAR);
ALTER TABLE alert_status_history DROP COLUMN state;
DROP TYPE alert_state;
