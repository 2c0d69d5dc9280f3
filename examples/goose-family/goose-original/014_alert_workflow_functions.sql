-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION resolve_alert(p_alert_id BIGINT) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    changed INTEGER;
BEGIN
    UPDATE alerts SET resolved_at = now() WHERE id = p_alert_id AND resolved_at IS NULL;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed > 0;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION next_escalation_step(p_policy_id BIGINT, p_after INTEGER) RETURNS escalation_steps
LANGUAGE plpgsql STABLE AS $$
DECLARE
    step escalation_steps;
BEGIN
    SELECT * INTO step FROM escalation_steps
     WHERE policy_id = p_policy_id AND position > coalesce(p_after, 0)
     ORDER BY position LIMIT 1;
    RETURN step;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION queue_notification(p_alert_id BIGINT, p_channel_id BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    new_id BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM notification_channels WHERE id = p_channel_id AND enabled) THEN
        RAISE EXCEPTION 'channel % is unknown or disabled', p_channel_id USING ERRCODE = '22023';
    END IF;
    INSERT INTO notifications (alert_id, channel_id) VALUES (p_alert_id, p_channel_id)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION notification_failed(p_id BIGINT, p_error TEXT) RETURNS VOID
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notifications
       SET attempts = attempts + 1,
           error = p_error,
           status = CASE WHEN attempts + 1 >= 5 THEN 'failed' ELSE 'retrying' END
     WHERE id = p_id;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION purge_resolved_alerts(p_older_than INTERVAL) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    purged BIGINT;
BEGIN
    DELETE FROM alerts WHERE resolved_at < now() - p_older_than;
    GET DIAGNOSTICS purged = ROW_COUNT;
    RAISE NOTICE 'purged % resolved alerts', purged;
    RETURN purged;
END;
$$;
-- +goose StatementEnd

CREATE VIEW alert_response_times AS
    SELECT a.source_id, a.severity,
           avg(a.acknowledged_at - a.received_at) AS mean_time_to_acknowledge,
           avg(a.resolved_at - a.received_at)     AS mean_time_to_resolve
      FROM alerts a
     WHERE a.resolved_at IS NOT NULL
     GROUP BY a.source_id, a.severity;

-- +goose Down
DROP VIEW alert_response_times;
DROP FUNCTION purge_resolved_alerts(INTERVAL);
DROP FUNCTION notification_failed(BIGINT, TEXT);
DROP FUNCTION queue_notification(BIGINT, BIGINT);
DROP FUNCTION next_escalation_step(BIGINT, INTEGER);
DROP FUNCTION resolve_alert(BIGINT);
