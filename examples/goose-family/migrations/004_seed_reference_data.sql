-- +goose Up
CREATE TABLE IF NOT EXISTS severities (
    code        VARCHAR(10) PRIMARY KEY,
    rank        SMALLINT    NOT NULL UNIQUE,
    description TEXT        NOT NULL
);

INSERT INTO severities (code, rank, description) VALUES
    ('critical', 1, 'Page the on-call engineer now'),
    ('warning',  2, 'Look at it during working hours'),
    ('info',     3, 'Recorded, nobody is notified') ON CONFLICT DO NOTHING;

INSERT INTO escalation_policies (name, description, repeat_count) VALUES
    ('default', 'On-call, then the team lead after 15 minutes', 2),
    ('business-hours', 'Team channel only, weekdays', 0) ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS maintenance_windows (
    id          BIGSERIAL PRIMARY KEY,
    reason      TEXT        NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);

-- The weekly database patch window, agreed with the DBA team.
INSERT INTO maintenance_windows (reason, starts_at, ends_at)
SELECT 'weekly database patching', '2024-01-07 02:00:00+00', '2024-01-07 04:00:00+00'
 WHERE NOT EXISTS (SELECT FROM maintenance_windows WHERE reason = 'weekly database patching');

-- +goose Down
DELETE FROM escalation_policies WHERE name IN ('default', 'business-hours');
DROP TABLE maintenance_windows;
DROP TABLE severities;
