-- +goose Up
CREATE TABLE IF NOT EXISTS alert_status_history (
    id          BIGSERIAL PRIMARY KEY,
    alert_id    BIGINT      NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    old_status  VARCHAR(20),
    new_status  VARCHAR(20) NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    changed_by  VARCHAR(100)
);

CREATE INDEX IF NOT EXISTS alert_status_history_alert_idx ON alert_status_history (alert_id, changed_at);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION alerts_status_of(a alerts) RETURNS VARCHAR(20)
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN CASE
        WHEN a.resolved_at IS NOT NULL THEN 'resolved'
        WHEN a.acknowledged_at IS NOT NULL THEN 'acknowledged'
        ELSE 'open'
    END;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION alerts_record_status() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    before_status VARCHAR(20);
    after_status  VARCHAR(20) := alerts_status_of(NEW);
BEGIN
    IF TG_OP = 'UPDATE' THEN
        before_status := alerts_status_of(OLD);
        IF before_status = after_status THEN
            RETURN NEW;
        END IF;
    END IF;
    INSERT INTO alert_status_history (alert_id, received_at, old_status, new_status, changed_by)
    VALUES (NEW.id, NEW.received_at, before_status, after_status, coalesce(NEW.acknowledged_by, current_user));
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE OR REPLACE TRIGGER alerts_status AFTER INSERT OR UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION alerts_record_status();

-- +goose Down
DROP TRIGGER alerts_status ON alerts;
DROP FUNCTION alerts_record_status();
DROP FUNCTION alerts_status_of(alerts);
DROP TABLE alert_status_history;
