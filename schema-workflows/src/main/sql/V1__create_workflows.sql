-- workflows V1: the workflow catalog as first created.
-- workflows holds the identity of a workflow (unique name, owner, description), and
-- workflow_versions its published versions: the exact content that was published, with its
-- content hash, so that what an execution ran can be traced and verified later. A version
-- moves through a lifecycle (Active, Disabled, Deprecated, Archived, Superseded) and at most
-- one version per workflow is the latest: a partial unique index enforces it, so two
-- concurrent publishers cannot both mark their version latest.
-- Never schema-qualified: the migrator sets search_path to the target schema.

CREATE TABLE IF NOT EXISTS workflows (
    workflow_id   UUID         NOT NULL DEFAULT gen_random_uuid(),
    workflow_name VARCHAR(255) NOT NULL,
    owner         VARCHAR(255),
    description   JSONB,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT workflows_pkey PRIMARY KEY (workflow_id),
    CONSTRAINT workflows_workflow_name_key UNIQUE (workflow_name)
);

COMMENT ON TABLE workflows IS 'Identity of a workflow. Its published content lives in workflow_versions.';

CREATE TABLE IF NOT EXISTS workflow_versions (
    id                UUID         NOT NULL DEFAULT gen_random_uuid(),
    workflow_id       UUID         NOT NULL,
    version           VARCHAR(50)  NOT NULL,
    content           TEXT         NOT NULL,
    content_hash      VARCHAR(64)  NOT NULL,
    status            VARCHAR(20)  NOT NULL DEFAULT 'Active',
    labels            JSONB        NOT NULL DEFAULT '{}'::jsonb,
    is_latest_version BOOLEAN      NOT NULL DEFAULT false,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT workflow_versions_pkey PRIMARY KEY (id),
    CONSTRAINT workflow_versions_workflow_id_fkey FOREIGN KEY (workflow_id)
        REFERENCES workflows (workflow_id) ON DELETE RESTRICT,
    CONSTRAINT workflow_versions_workflow_id_version_key UNIQUE (workflow_id, version),
    CONSTRAINT workflow_versions_status_check
        CHECK (status IN ('Active', 'Disabled', 'Deprecated', 'Archived', 'Superseded'))
);

COMMENT ON TABLE workflow_versions IS 'Published versions of a workflow: content is immutable, status follows the lifecycle.';
COMMENT ON COLUMN workflow_versions.content_hash IS 'SHA-256 (hex) of content, to verify what was published.';
COMMENT ON COLUMN workflow_versions.is_latest_version IS 'At most one true per workflow (unique partial index).';

-- Adoption of tables made by the old copy-the-SQL scripts, where these constraints may be
-- missing: add them when no equivalent exists.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1
                     FROM pg_constraint con
                     JOIN pg_class c ON c.oid = con.conrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relname = 'workflow_versions'
                      AND con.contype = 'c' AND pg_get_constraintdef(con.oid) LIKE '%status%') THEN
        ALTER TABLE workflow_versions ADD CONSTRAINT workflow_versions_status_check
            CHECK (status IN ('Active', 'Disabled', 'Deprecated', 'Archived', 'Superseded'));
    END IF;
    IF NOT EXISTS (SELECT 1
                     FROM pg_constraint con
                     JOIN pg_class c ON c.oid = con.conrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relname = 'workflow_versions'
                      AND con.contype IN ('u', 'p')
                      AND pg_get_constraintdef(con.oid) IN ('UNIQUE (workflow_id, version)', 'UNIQUE (version, workflow_id)'))
       AND NOT EXISTS (SELECT 1
                         FROM pg_index i
                         JOIN pg_class c ON c.oid = i.indrelid
                         JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = current_schema() AND c.relname = 'workflow_versions'
                          AND i.indisunique AND i.indpred IS NULL
                          AND pg_get_indexdef(i.indexrelid) LIKE '%(workflow_id, version)') THEN
        ALTER TABLE workflow_versions ADD CONSTRAINT workflow_versions_workflow_id_version_key
            UNIQUE (workflow_id, version);
    END IF;
END
$$;

-- At most one latest version per workflow. Skipped when an adopted table already has an
-- equivalent unique partial index under another name (no duplicate index).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1
                     FROM pg_index i
                     JOIN pg_class c ON c.oid = i.indrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = current_schema() AND c.relname = 'workflow_versions'
                      AND i.indisunique AND i.indnkeyatts = 1
                      AND pg_get_indexdef(i.indexrelid, 1, false) = 'workflow_id'
                      AND pg_get_expr(i.indpred, i.indrelid) IN ('is_latest_version', '(is_latest_version = true)')) THEN
        CREATE UNIQUE INDEX IF NOT EXISTS idx_workflow_versions_one_latest
            ON workflow_versions (workflow_id) WHERE is_latest_version;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS idx_workflow_versions_status
    ON workflow_versions (workflow_id, status);
