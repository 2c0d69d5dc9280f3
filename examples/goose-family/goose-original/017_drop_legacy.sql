-- +goose Up
-- alert_counts_by_source was replaced by the dashboards; open_alerts_for by the API.
DROP FUNCTION open_alerts_for(VARCHAR);
DROP VIEW alert_counts_by_source;
DROP INDEX alert_sources_kind_idx;
ALTER TABLE notification_channels DROP COLUMN enabled;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION queue_notification(p_alert_id BIGINT, p_channel_id BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    new_id BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM notification_channels WHERE id = p_channel_id) THEN
        RAISE EXCEPTION 'channel % is unknown', p_channel_id USING ERRCODE = '22023';
    END IF;
    INSERT INTO notifications (alert_id, channel_id) VALUES (p_alert_id, p_channel_id)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE notification_channels ADD COLUMN enabled BOOLEAN NOT NULL DEFAULT true;
CREATE INDEX alert_sources_kind_idx ON alert_sources (kind);
