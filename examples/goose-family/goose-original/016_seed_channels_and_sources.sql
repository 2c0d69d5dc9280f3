-- +goose Up
INSERT INTO notification_channels (name, kind, settings) VALUES
    ('ops-email', 'email', '{"to": "ops@example.com"}'),
    ('ops-slack', 'slack', '{"channel": "#ops-alerts"}');

INSERT INTO alert_sources (name, kind, endpoint, team) VALUES
    ('prometheus', 'prometheus', 'http://prometheus:9090', 'platform'),
    ('cloudwatch', 'cloudwatch', NULL, 'infrastructure');

INSERT INTO escalation_steps (policy_id, position, delay, channel_id)
SELECT p.id, 1, interval '0 minutes', c.id
  FROM escalation_policies p, notification_channels c
 WHERE p.name = 'default' AND c.name = 'ops-slack';

UPDATE alert_sources SET escalation_policy_id = (SELECT id FROM escalation_policies WHERE name = 'default')
 WHERE name = 'prometheus';

-- +goose Down
DELETE FROM escalation_steps;
DELETE FROM alert_sources WHERE name IN ('prometheus', 'cloudwatch');
DELETE FROM notification_channels WHERE name IN ('ops-email', 'ops-slack');
