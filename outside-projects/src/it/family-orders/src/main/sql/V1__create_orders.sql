CREATE TABLE IF NOT EXISTS orders (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    correlation_id VARCHAR(255) NOT NULL,
    amount         NUMERIC(10,2) NOT NULL,
    placed_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_orders_correlation ON orders (correlation_id);
