CREATE TABLE IF NOT EXISTS orders (
    id        BIGINT PRIMARY KEY,
    note      TEXT,
    amount    NUMERIC(10,2) NOT NULL DEFAULT 0,
    placed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    status    TEXT
);
