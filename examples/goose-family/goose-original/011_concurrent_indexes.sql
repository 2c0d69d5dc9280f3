-- +goose NO TRANSACTION
-- +goose Up
-- Built while the platform runs: no lock on writes.
CREATE INDEX CONCURRENTLY alert_status_history_changed_idx ON alert_status_history (changed_at);
CREATE INDEX CONCURRENTLY silences_active_idx ON silences (starts_at, ends_at);

-- +goose Down
DROP INDEX CONCURRENTLY silences_active_idx;
DROP INDEX CONCURRENTLY alert_status_history_changed_idx;
