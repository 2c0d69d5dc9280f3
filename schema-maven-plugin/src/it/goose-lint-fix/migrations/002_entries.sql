-- +goose Up
CREATE TABLE entries (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts (id), amount NUMERIC NOT NULL);
CREATE INDEX entries_account_idx ON entries (account_id);

-- +goose Down
DROP TABLE entries;
