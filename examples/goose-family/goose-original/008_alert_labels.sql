-- +goose Up
CREATE TABLE label_rules (
    id          BIGSERIAL PRIMARY KEY,
    source_id   BIGINT       NOT NULL REFERENCES alert_sources (id) ON DELETE CASCADE,
    label       VARCHAR(100) NOT NULL,
    pattern     TEXT         NOT NULL,
    replacement TEXT         NOT NULL DEFAULT '',
    position    INTEGER      NOT NULL DEFAULT 0
);

ALTER TABLE label_rules ADD UNIQUE (source_id, label, position);
CREATE INDEX alerts_labels_idx ON alerts USING gin (labels jsonb_path_ops);

-- +goose StatementBegin
CREATE FUNCTION apply_label_rules(p_source_id BIGINT, p_labels JSONB) RETURNS JSONB
LANGUAGE plpgsql STABLE AS $$
DECLARE
    rule   RECORD;
    result JSONB := coalesce(p_labels, '{}'::jsonb);
BEGIN
    FOR rule IN SELECT * FROM label_rules WHERE source_id = p_source_id ORDER BY position LOOP
        IF result ? rule.label THEN
            result := jsonb_set(result, ARRAY[rule.label],
                                to_jsonb(regexp_replace(result ->> rule.label, rule.pattern, rule.replacement)));
        END IF;
    END LOOP;
    RETURN result;
END;
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION apply_label_rules(BIGINT, JSONB);
DROP INDEX alerts_labels_idx;
DROP TABLE label_rules;
