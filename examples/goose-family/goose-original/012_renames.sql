-- +goose Up
ALTER TABLE silences RENAME COLUMN created_by TO author;
ALTER TABLE notification_channels RENAME COLUMN config TO settings;
ALTER TABLE silences RENAME CONSTRAINT silences_window_check TO silences_ends_after_start;

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
