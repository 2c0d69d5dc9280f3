-- +goose Up
CREATE TABLE IF NOT EXISTS label_rules (
    id          BIGSERIAL PRIMARY KEY,
    source_id   BIGINT       NOT NULL REFERENCES alert_sources (id) ON DELETE CASCADE,
    label       VARCHAR(100) NOT NULL,
    pattern     TEXT         NOT NULL,
    replacement TEXT         NOT NULL DEFAULT '',
    position    INTEGER      NOT NULL DEFAULT 0
);

-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('label_rules') AND conname = 'label_rules_source_id_label_position_key') THEN
        ALTER TABLE label_rules ADD CONSTRAINT label_rules_source_id_label_position_key UNIQUE (source_id, label, position);
    END IF;
END $$;
-- +goose StatementEnd
CREATE INDEX IF NOT EXISTS alerts_labels_idx ON alerts USING gin (labels jsonb_path_ops);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION apply_label_rules(p_source_id BIGINT, p_labels JSONB) RETURNS JSONB
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
