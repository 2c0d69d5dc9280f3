-- audit_events V2: tamper-evident hash chain.
-- Each event stores event_hash = hash(previous_event_hash + canonical event) computed by the
-- writing service, and previous_event_hash links it to the previous event of the same chain
-- (same correlation_id). Altering or deleting any event breaks the chain, which the
-- verification API detects (SOC 2 CC8.1, NIST 800-53 AU-9, Sarbanes-Oxley 404).
-- hash_algorithm records which scheme produced event_hash, so a chain can mix the original
-- unkeyed SHA-256 with a keyed HMAC-SHA256 rolled out later. Rows written before this
-- migration keep NULL hashes and get the default sha256-unkeyed.
-- The hash is computed by the application, not the database: no extension is needed.

ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS event_hash TEXT;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS previous_event_hash TEXT;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS hash_algorithm VARCHAR(20) NOT NULL DEFAULT 'sha256-unkeyed';

-- Adoption of a table whose hash_algorithm was added without default or NOT NULL
-- (no-ops when the column was created just above).
ALTER TABLE audit_events ALTER COLUMN hash_algorithm SET DEFAULT 'sha256-unkeyed';

DO $$
BEGIN
    IF EXISTS (SELECT 1
                 FROM pg_attribute a
                 JOIN pg_class c ON c.oid = a.attrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema()
                  AND c.relname = 'audit_events'
                  AND a.attname = 'hash_algorithm'
                  AND NOT a.attisdropped
                  AND NOT a.attnotnull) THEN
        UPDATE audit_events SET hash_algorithm = 'sha256-unkeyed' WHERE hash_algorithm IS NULL;
        ALTER TABLE audit_events ALTER COLUMN hash_algorithm SET NOT NULL;
    END IF;
END
$$;

COMMENT ON COLUMN audit_events.event_hash IS
    'Hash of (previous_event_hash + event), computed by the writer. NULL for events written before the hash chain existed.';
COMMENT ON COLUMN audit_events.previous_event_hash IS
    'event_hash of the previous event of the same chain (correlation_id); empty string for the first event.';
COMMENT ON COLUMN audit_events.hash_algorithm IS
    'Scheme that produced event_hash: sha256-unkeyed (original) or hmac-sha256 (keyed).';
