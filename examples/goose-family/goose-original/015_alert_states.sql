-- +goose Up
CREATE TYPE alert_state AS ENUM ('open', 'acknowledged', 'resolved');
ALTER TABLE alert_status_history ADD COLUMN state alert_state;
ALTER TYPE alert_state ADD VALUE 'suppressed' AFTER 'acknowledged';
CREATE INDEX alert_status_history_state_idx ON alert_status_history (state);

-- +goose StatementBegin
CREATE FUNCTION alert_state_of(p_status VARCHAR) RETURNS alert_state
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
