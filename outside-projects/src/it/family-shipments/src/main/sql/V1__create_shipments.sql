CREATE TABLE IF NOT EXISTS shipments (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    carrier    TEXT NOT NULL,
    shipped_at TIMESTAMPTZ
);
