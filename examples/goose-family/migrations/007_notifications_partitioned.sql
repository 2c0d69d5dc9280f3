-- +goose Up
-- One row per message sent to a channel; by month, like alerts.
CREATE TABLE IF NOT EXISTS notifications (
    id          BIGSERIAL,
    alert_id    BIGINT      NOT NULL,
    channel_id  BIGINT      NOT NULL REFERENCES notification_channels (id),
    status      VARCHAR(20) NOT NULL DEFAULT 'queued',
    attempts    INTEGER     NOT NULL DEFAULT 0,
    sent_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    error       TEXT,
    PRIMARY KEY (id, sent_at)
) PARTITION BY RANGE (sent_at);

-- +goose StatementBegin
DO $$
DECLARE
    month DATE := DATE '2024-01-01';
BEGIN
    WHILE month < DATE '2027-01-01' LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS notifications_%s PARTITION OF notifications FOR VALUES FROM (%L) TO (%L)',
                       to_char(month, 'YYYY_MM'), month, (month + interval '1 month')::date);
        month := (month + interval '1 month')::date;
    END LOOP;
END;
$$;
-- +goose StatementEnd

CREATE INDEX IF NOT EXISTS notifications_alert_idx ON notifications (alert_id, sent_at DESC);
CREATE INDEX IF NOT EXISTS notifications_status_idx ON notifications (status) WHERE status <> 'sent';

-- +goose Down
DROP TABLE notifications;
