-- +goose Up
-- Where alerts come from, who gets paged, and how.
CREATE TABLE IF NOT EXISTS alert_sources (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    kind        VARCHAR(30)  NOT NULL,
    endpoint    TEXT,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS escalation_policies (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    description TEXT,
    repeat_count INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS notification_channels (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    kind        VARCHAR(20)  NOT NULL CHECK (kind IN ('email', 'slack', 'pagerduty', 'webhook')),
    config      JSONB        NOT NULL DEFAULT '{}',
    enabled     BOOLEAN      NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS escalation_steps (
    policy_id    BIGINT  NOT NULL REFERENCES escalation_policies (id),
    step_no      INTEGER NOT NULL,
    wait_minutes INTEGER NOT NULL DEFAULT 15,
    channel_id   BIGINT  NOT NULL REFERENCES notification_channels (id),
    PRIMARY KEY (policy_id, step_no)
);

CREATE UNIQUE INDEX IF NOT EXISTS notification_channels_name_idx ON notification_channels (lower(name));
CREATE INDEX IF NOT EXISTS alert_sources_kind_idx ON alert_sources (kind);

-- +goose Down
DROP TABLE escalation_steps;
DROP TABLE notification_channels;
DROP TABLE escalation_policies;
DROP TABLE alert_sources;
