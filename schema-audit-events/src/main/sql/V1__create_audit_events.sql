-- audit_events V1: the table as it was first created.
-- One append-only, event-sourced audit trail for all services (who did what to which resource,
-- with what outcome), kept for compliance and for cross-service correlation.
-- Partitioned by month on event_date so old months can be dropped or archived as a whole.
-- event_date is the UTC date of event_timestamp. Callers may omit it: a default and a
-- BEFORE INSERT trigger derive it (see docs/families.md, "event_date").
-- V1 still has cluster_name (renamed to cluster_id in V4), no hash chain (V2), no legal hold (V3)
-- and no retention_days range check (V4).
-- Never schema-qualified: the migrator sets search_path to the target schema. Every function
-- pins that schema with SET search_path FROM CURRENT.

-- Default of event_date: the current UTC date (the date of the default event_timestamp, now()).
-- It also raises a transaction-local flag so that the trigger below can tell a defaulted
-- event_date (derive it from event_timestamp) from one the caller gave (must agree).
CREATE OR REPLACE FUNCTION audit_events_default_event_date()
    RETURNS date
    LANGUAGE plpgsql
    VOLATILE
    SET search_path FROM CURRENT
AS $fn$
BEGIN
    PERFORM set_config('schema_registry.audit_events_event_date_defaulted', 'on', true);
    RETURN (now() AT TIME ZONE 'UTC')::date;
END
$fn$;

COMMENT ON FUNCTION audit_events_default_event_date() IS
    'Default of audit_events.event_date: current UTC date. Marks the row as "event_date not given" for audit_events_derive_event_date().';

CREATE TABLE IF NOT EXISTS audit_events (
    event_id          UUID         NOT NULL DEFAULT gen_random_uuid(),
    event_version     VARCHAR(10)  DEFAULT '1.0',
    event_timestamp   TIMESTAMPTZ  DEFAULT now(),
    event_date        DATE         NOT NULL DEFAULT audit_events_default_event_date(),
    event_type        VARCHAR(100),
    event_category    VARCHAR(50),
    event_action      VARCHAR(50),
    event_outcome     VARCHAR(20),
    actor_type        VARCHAR(50),
    actor_id          VARCHAR(255),
    actor_ip          INET,
    resource_type     VARCHAR(100),
    resource_id       VARCHAR(255),
    resource_name     VARCHAR(255),
    correlation_id    VARCHAR(255),
    parent_event_id   UUID,
    parent_event_date DATE,
    trace_id          VARCHAR(255),
    span_id           VARCHAR(255),
    namespace         VARCHAR(253),
    cluster_name      VARCHAR(255),
    event_data        JSONB        NOT NULL,
    event_metadata    JSONB,
    severity          VARCHAR(20),
    duration_ms       INTEGER,
    error_code        VARCHAR(50),
    error_message     TEXT,
    retention_days    INTEGER      DEFAULT 2555,
    is_sensitive      BOOLEAN      DEFAULT false,
    CONSTRAINT audit_events_pkey PRIMARY KEY (event_id, event_date)
) PARTITION BY RANGE (event_date);

-- Adoption of a table made by the old copy-the-SQL scripts: they set event_date in the
-- application or in a trigger, without this default. Setting it again is a no-op otherwise.
ALTER TABLE audit_events ALTER COLUMN event_date SET DEFAULT audit_events_default_event_date();

COMMENT ON TABLE audit_events IS
    'Append-only, event-sourced audit trail shared by all services. Monthly partitions audit_events_YYYY_MM on event_date.';
COMMENT ON COLUMN audit_events.event_date IS
    'Partition key: the UTC date of event_timestamp. Derived when omitted, checked when given.';
COMMENT ON COLUMN audit_events.event_type IS
    'Dotted {service}.{domain}.{action}, e.g. gateway.signal.received.';
COMMENT ON COLUMN audit_events.event_category IS
    'The emitting service: gateway, notification, analysis, workflow, orchestration, ...';

-- Keeps event_date equal to the UTC date of event_timestamp.
-- PostgreSQL routes a row to its partition BEFORE the partition BEFORE ROW triggers run, and a
-- BEFORE trigger may not move the row to another partition (SQLSTATE 0A000). So:
--   * event_date omitted (defaulted to today, UTC), event_timestamp in the current month:
--     event_date is corrected in place (same partition), RETURNING and row counts work.
--   * event_date omitted, event_timestamp in another month: the row is inserted again through
--     the parent with the right event_date (routed to the right partition) and the original
--     row is skipped. The row is stored, but the statement reports 0 rows for it and RETURNING
--     returns nothing for it: give event_date too when you need RETURNING for such rows.
--   * event_date given: it must equal the UTC date of event_timestamp, else SQLSTATE 23514.
--   * event_timestamp NULL: SQLSTATE 23502.
-- On UPDATE: changing event_timestamp alone moves event_date with it (PostgreSQL then moves
-- the row to the right partition), changing event_date to a disagreeing value is refused.
CREATE OR REPLACE FUNCTION audit_events_derive_event_date()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $fn$
DECLARE
    defaulted boolean := coalesce(current_setting('schema_registry.audit_events_event_date_defaulted', true), '') = 'on';
    utc_date  date;
    columns   text;
BEGIN
    IF defaulted THEN
        PERFORM set_config('schema_registry.audit_events_event_date_defaulted', '', true);
    END IF;

    IF NEW.event_timestamp IS NULL THEN
        RAISE EXCEPTION 'audit_events: event_timestamp must not be null (event_date is derived from it)'
            USING ERRCODE = 'not_null_violation',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'event_timestamp',
                  HINT = 'Omit event_timestamp to get now().';
    END IF;

    utc_date := (NEW.event_timestamp AT TIME ZONE 'UTC')::date;

    IF TG_OP = 'UPDATE' AND NOT defaulted
       AND NEW.event_date IS NOT DISTINCT FROM OLD.event_date
       AND NEW.event_timestamp IS DISTINCT FROM OLD.event_timestamp THEN
        defaulted := true;  -- event_timestamp changed, event_date left alone: follow the timestamp
    END IF;

    IF NEW.event_date IS NOT DISTINCT FROM utc_date THEN
        RETURN NEW;
    END IF;

    IF NOT defaulted THEN
        RAISE EXCEPTION 'audit_events: event_date % does not match event_timestamp % (UTC date %)',
                coalesce(NEW.event_date::text, 'NULL'),
                to_char(NEW.event_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                utc_date
            USING ERRCODE = 'check_violation',
                  SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME, COLUMN = 'event_date',
                  CONSTRAINT = 'audit_events_event_date_is_utc_date_of_event_timestamp',
                  HINT = 'Omit event_date (it is derived from event_timestamp) or set it to the UTC date of event_timestamp.';
    END IF;

    IF TG_OP = 'UPDATE' OR date_trunc('month', NEW.event_date) = date_trunc('month', utc_date) THEN
        NEW.event_date := utc_date;
        RETURN NEW;
    END IF;

    -- INSERT routed by the defaulted event_date into the partition of another month:
    -- insert the corrected row through the partitioned parent, skip this one.
    NEW.event_date := utc_date;
    SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum)
      INTO columns
      FROM pg_attribute a
     WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM (SELECT ($1).*) AS r',
                   pg_partition_root(TG_RELID)::regclass, columns, columns)
      USING NEW;
    RETURN NULL;
END
$fn$;

COMMENT ON FUNCTION audit_events_derive_event_date() IS
    'BEFORE INSERT OR UPDATE row trigger of audit_events: event_date = UTC date of event_timestamp (derived when omitted, checked when given).';

CREATE OR REPLACE TRIGGER audit_events_event_date
    BEFORE INSERT OR UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_derive_event_date();

-- Tables made by the old copy-the-SQL scripts had a trigger that set event_date from the
-- session-time-zone date of event_timestamp. It contradicts the trigger above (and would make
-- PostgreSQL refuse rows it moves between partitions), so it goes.
DROP TRIGGER IF EXISTS trg_set_audit_event_date ON audit_events;

-- Creates the monthly partitions audit_events_YYYY_MM for every month from the month of
-- first_month to the month of last_month (both included). Existing partitions are skipped.
-- Returns the number of partitions created. Run it ahead of time (e.g. monthly from a job):
-- a row whose month has no partition is refused with SQLSTATE 23514.
CREATE OR REPLACE FUNCTION create_audit_events_partitions(first_month date, last_month date)
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
    SET search_path FROM CURRENT
AS $fn$
DECLARE
    month_start date;
    stop        date;
    partition   text;
    created     integer := 0;
BEGIN
    IF first_month IS NULL OR last_month IS NULL THEN
        RAISE EXCEPTION 'create_audit_events_partitions: first_month and last_month must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    month_start := date_trunc('month', first_month)::date;
    stop := date_trunc('month', last_month)::date;
    IF stop < month_start THEN
        RAISE EXCEPTION 'create_audit_events_partitions: last_month % is before first_month %', last_month, first_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WHILE month_start <= stop LOOP
        partition := 'audit_events_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(format('%I.%I', current_schema(), partition)) IS NULL THEN
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I.%I PARTITION OF %I.audit_events FOR VALUES FROM (%L) TO (%L)',
                           current_schema(), partition, current_schema(),
                           month_start, (month_start + interval '1 month')::date);
            created := created + 1;
        END IF;
        month_start := (month_start + interval '1 month')::date;
    END LOOP;
    RETURN created;
END
$fn$;

COMMENT ON FUNCTION create_audit_events_partitions(date, date) IS
    'Creates monthly partitions audit_events_YYYY_MM for the months first_month..last_month (inclusive), skipping existing ones. Returns how many were created.';

-- Partitions for the previous month, the current month and 3 months ahead (UTC), so inserts
-- work out of the box, including events of late last month.
DO $$
BEGIN
    PERFORM create_audit_events_partitions(
        (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date,
        (date_trunc('month', now() AT TIME ZONE 'UTC') + interval '3 months')::date);
END
$$;

CREATE INDEX IF NOT EXISTS idx_audit_events_event_timestamp
    ON audit_events (event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_correlation_id
    ON audit_events (correlation_id, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_event_type
    ON audit_events (event_type, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_resource
    ON audit_events (resource_type, resource_id, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_actor
    ON audit_events (actor_type, actor_id, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_outcome
    ON audit_events (event_outcome, event_timestamp DESC);
CREATE INDEX IF NOT EXISTS idx_audit_events_event_data_gin
    ON audit_events USING GIN (event_data);
