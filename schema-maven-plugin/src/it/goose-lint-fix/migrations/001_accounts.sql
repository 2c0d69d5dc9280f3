-- +goose Up
CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT NOT NULL);
ALTER TABLE accounts ADD CONSTRAINT accounts_owner_not_blank CHECK (owner <> '');
INSERT INTO accounts (id, owner) VALUES (1, 'treasury');

-- +goose Down
DROP TABLE accounts;
