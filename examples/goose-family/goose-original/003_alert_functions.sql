-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION alerts_compute_fingerprint(p_source_id BIGINT, p_labels JSONB) RETURNS VARCHAR(64)
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    canonical TEXT;
BEGIN
    -- Labels in key order, so {"a":1,"b":2} and {"b":2,"a":1} give one fingerprint.
    SELECT string_agg(key || '=' || value, ';' ORDER BY key) INTO canonical
      FROM jsonb_each_text(coalesce(p_labels, '{}'::jsonb));
    RETURN encode(sha256(convert_to(p_source_id::text || '|' || coalesce(canonical, ''), 'UTF8')), 'hex');
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION alerts_set_fingerprint() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.fingerprint IS NULL OR NEW.fingerprint = '' THEN
        NEW.fingerprint := alerts_compute_fingerprint(NEW.source_id, NEW.labels);
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION alerts_check_severity() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    IF NEW.severity NOT IN ('critical', 'warning', 'info') THEN
        RAISE EXCEPTION 'unknown severity %', NEW.severity USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$body$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION create_alert_partitions(first_month DATE, last_month DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
    month   DATE := date_trunc('month', first_month)::date;
    created INTEGER := 0;
    name    TEXT;
BEGIN
    WHILE month <= last_month LOOP
        name := format('alerts_%s', to_char(month, 'YYYY_MM'));
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF alerts FOR VALUES FROM (%L) TO (%L)',
                           name, month, (month + interval '1 month')::date);
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER alerts_fingerprint BEFORE INSERT ON alerts
    FOR EACH ROW EXECUTE FUNCTION alerts_set_fingerprint();
CREATE TRIGGER alerts_severity BEFORE INSERT OR UPDATE OF severity ON alerts
    FOR EACH ROW EXECUTE FUNCTION alerts_check_severity();

-- +goose Down
DROP TRIGGER alerts_severity ON alerts;
DROP TRIGGER alerts_fingerprint ON alerts;
DROP FUNCTION create_alert_partitions(DATE, DATE);
DROP FUNCTION alerts_check_severity();
DROP FUNCTION alerts_set_fingerprint();
DROP FUNCTION alerts_compute_fingerprint(BIGINT, JSONB);
