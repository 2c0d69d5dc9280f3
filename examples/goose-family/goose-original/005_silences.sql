-- +goose Up
CREATE TABLE silences (
    id          BIGSERIAL PRIMARY KEY,
    matchers    JSONB       NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ends_at     TIMESTAMPTZ NOT NULL,
    created_by  VARCHAR(100) NOT NULL,
    comment     TEXT
);

ALTER TABLE silences ADD CONSTRAINT silences_window_check CHECK (ends_at > starts_at);
CREATE INDEX ON silences (ends_at);
CREATE INDEX silences_matchers_idx ON silences USING gin (matchers);

-- +goose StatementBegin
CREATE FUNCTION alert_is_silenced(p_labels JSONB, p_at TIMESTAMPTZ) RETURNS BOOLEAN
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
DROP FUNCTION alert_is_silenced(JSONB, TIMESTAMPTZ);
DROP TABLE silences;
