-- audit_events V3: legal hold, and immutability of recorded facts.
-- Litigation and regulatory investigations (Sarbanes-Oxley, HIPAA litigation hold) require
-- that events under a legal hold survive any retention clean-up: a trigger refuses to DELETE
-- a row whose legal_hold is true, whoever runs the DELETE. Who placed the hold, when and why
-- is recorded with it. A partial index finds the (few) held rows quickly.
-- An audit trail is append-only: a second trigger refuses UPDATEs that change what was
-- recorded (event_data, event_type, event_category, event_action, event_outcome, actor_*,
-- resource_*, correlation_id). Placing or releasing a hold (legal_hold*) and other
-- bookkeeping columns stay updatable.
-- Both raise SQLSTATE 23001 (restrict_violation) and name a constraint in the error
-- (audit_events_legal_hold, audit_events_immutable) so clients can tell them apart.

ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold BOOLEAN DEFAULT false;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold_reason TEXT;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold_placed_by TEXT;
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS legal_hold_placed_at TIMESTAMPTZ;

COMMENT ON COLUMN audit_events.legal_hold IS
    'True while the event is under a legal hold: DELETE is refused (trigger audit_events_legal_hold).';
COMMENT ON COLUMN audit_events.legal_hold_reason IS 'Why the hold was placed, e.g. a case number.';
COMMENT ON COLUMN audit_events.legal_hold_placed_by IS 'Who placed the hold.';
COMMENT ON COLUMN audit_events.legal_hold_placed_at IS 'When the hold was placed.';

CREATE INDEX IF NOT EXISTS idx_audit_events_legal_hold
    ON audit_events (legal_hold) WHERE legal_hold;

CREATE OR REPLACE FUNCTION audit_events_refuse_legal_hold_delete()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $fn$
BEGIN
    IF OLD.legal_hold THEN
        RAISE EXCEPTION 'audit_events: event % (%) is under legal hold and cannot be deleted',
                OLD.event_id, OLD.event_date
            USING ERRCODE = 'restrict_violation',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'legal_hold',
                  CONSTRAINT = 'audit_events_legal_hold',
                  DETAIL = format('Hold placed by %s at %s: %s',
                                  coalesce(OLD.legal_hold_placed_by, 'unknown'),
                                  coalesce(OLD.legal_hold_placed_at::text, 'unknown time'),
                                  coalesce(OLD.legal_hold_reason, 'no reason recorded')),
                  HINT = 'Release the hold first (UPDATE ... SET legal_hold = false).';
    END IF;
    RETURN OLD;
END
$fn$;

COMMENT ON FUNCTION audit_events_refuse_legal_hold_delete() IS
    'BEFORE DELETE row trigger of audit_events: refuses to delete a row under legal hold (SQLSTATE 23001).';

CREATE OR REPLACE TRIGGER audit_events_legal_hold
    BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_legal_hold_delete();

CREATE OR REPLACE FUNCTION audit_events_refuse_immutable_update()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $fn$
DECLARE
    changed text[];
BEGIN
    changed := array_remove(ARRAY[
        CASE WHEN NEW.event_data     IS DISTINCT FROM OLD.event_data     THEN 'event_data' END,
        CASE WHEN NEW.event_type     IS DISTINCT FROM OLD.event_type     THEN 'event_type' END,
        CASE WHEN NEW.event_category IS DISTINCT FROM OLD.event_category THEN 'event_category' END,
        CASE WHEN NEW.event_action   IS DISTINCT FROM OLD.event_action   THEN 'event_action' END,
        CASE WHEN NEW.event_outcome  IS DISTINCT FROM OLD.event_outcome  THEN 'event_outcome' END,
        CASE WHEN NEW.actor_type     IS DISTINCT FROM OLD.actor_type     THEN 'actor_type' END,
        CASE WHEN NEW.actor_id       IS DISTINCT FROM OLD.actor_id       THEN 'actor_id' END,
        CASE WHEN NEW.actor_ip       IS DISTINCT FROM OLD.actor_ip       THEN 'actor_ip' END,
        CASE WHEN NEW.resource_type  IS DISTINCT FROM OLD.resource_type  THEN 'resource_type' END,
        CASE WHEN NEW.resource_id    IS DISTINCT FROM OLD.resource_id    THEN 'resource_id' END,
        CASE WHEN NEW.resource_name  IS DISTINCT FROM OLD.resource_name  THEN 'resource_name' END,
        CASE WHEN NEW.correlation_id IS DISTINCT FROM OLD.correlation_id THEN 'correlation_id' END
    ], NULL);
    IF cardinality(changed) > 0 THEN
        RAISE EXCEPTION 'audit_events: event % (%) is immutable, refusing to change %',
                OLD.event_id, OLD.event_date, array_to_string(changed, ', ')
            USING ERRCODE = 'restrict_violation',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = changed[1],
                  CONSTRAINT = 'audit_events_immutable',
                  HINT = 'Audit events are append-only: record a new event instead.';
    END IF;
    RETURN NEW;
END
$fn$;

COMMENT ON FUNCTION audit_events_refuse_immutable_update() IS
    'BEFORE UPDATE row trigger of audit_events: refuses changes to the recorded facts (SQLSTATE 23001).';

CREATE OR REPLACE TRIGGER audit_events_immutable
    BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_immutable_update();
