-- +goose Up
-- Steps get an id of their own and a delay as an interval. Nothing uses the old table yet,
-- so it is rebuilt rather than altered.
DROP TABLE escalation_steps;
CREATE TABLE escalation_steps (
    id          BIGSERIAL PRIMARY KEY,
    policy_id   BIGINT      NOT NULL REFERENCES escalation_policies (id) ON DELETE CASCADE,
    position    INTEGER     NOT NULL,
    delay       INTERVAL    NOT NULL DEFAULT interval '15 minutes',
    channel_id  BIGINT      NOT NULL REFERENCES notification_channels (id),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT escalation_steps_position_key UNIQUE (policy_id, position)
);
CREATE INDEX escalation_steps_channel_idx ON escalation_steps (channel_id);

-- +goose Down
DROP TABLE escalation_steps;
CREATE TABLE escalation_steps (
    policy_id    BIGINT  NOT NULL REFERENCES escalation_policies (id),
    step_no      INTEGER NOT NULL,
    wait_minutes INTEGER NOT NULL DEFAULT 15,
    channel_id   BIGINT  NOT NULL REFERENCES notification_channels (id),
    PRIMARY KEY (policy_id, step_no)
);
