-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass('silences') AND attname = 'created_by' AND NOT attisdropped) THEN
        ALTER TABLE silences RENAME COLUMN created_by TO author;
    END IF;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass('notification_channels') AND attname = 'config' AND NOT attisdropped) THEN
        ALTER TABLE notification_channels RENAME COLUMN config TO settings;
    END IF;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('silences') AND conname = 'silences_window_check') THEN
        ALTER TABLE silences RENAME CONSTRAINT silences_window_check TO silences_ends_after_start;
    END IF;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION alert_is_silenced(p_labels JSONB, p_at TIMESTAMPTZ) RETURNS BOOLEAN
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN EXISTS (
        SELECT 1 FROM silences s
         WHERE s.starts_at <= p_at AND s.ends_at > p_at
           AND p_labels @> s.matchers
    );
END;
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE silences RENAME CONSTRAINT silences_ends_after_start TO silences_window_check;
ALTER TABLE notification_channels RENAME COLUMN settings TO config;
ALTER TABLE silences RENAME COLUMN author TO created_by;
