-- +goose Up
CREATE OR REPLACE VIEW open_alerts AS
    SELECT a.id, a.received_at, a.severity, a.summary, s.name AS source
      FROM alerts a
      JOIN alert_sources s ON s.id = a.source_id
     WHERE a.resolved_at IS NULL;

CREATE OR REPLACE VIEW alert_counts_by_source AS
    SELECT s.name AS source, a.severity, count(*) AS alerts
      FROM alerts a
      JOIN alert_sources s ON s.id = a.source_id
     GROUP BY s.name, a.severity;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION open_alerts_for(p_source VARCHAR) RETURNS SETOF open_alerts
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN QUERY SELECT * FROM open_alerts WHERE source = p_source ORDER BY received_at DESC;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION open_alerts_for(VARCHAR);
DROP VIEW alert_counts_by_source;
DROP VIEW open_alerts;
