-- ORG-1, ORG-2, ORG-4: organisation tree, people, sessions, API tokens, audit.

-- Unit tree (ORG-1). The head is set once the head's user row exists.
CREATE TABLE org_units (
    id           uuid PRIMARY KEY,
    parent_id    uuid REFERENCES org_units (id),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    kind         text NOT NULL CHECK (kind IN ('COMPANY', 'DEPARTMENT', 'REGION', 'TEAM')),
    head_user_id uuid,
    active       boolean NOT NULL DEFAULT true,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX org_units_parent_idx ON org_units (parent_id);
-- Exactly one root (the company).
CREATE UNIQUE INDEX org_units_single_root ON org_units ((parent_id IS NULL)) WHERE parent_id IS NULL;
-- Sibling names are unique.
CREATE UNIQUE INDEX org_units_sibling_name ON org_units (parent_id, lower(name));

-- The unit and every unit below it.
CREATE FUNCTION unit_subtree(root uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE t(id) AS (
        SELECT root
        UNION ALL
        SELECT u.id FROM org_units u JOIN t ON u.parent_id = t.id
    )
    SELECT id FROM t
$$;

-- People (ORG-2). Email is stored lower-cased and unique.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND char_length(email) <= 254),
    display_name  text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
    unit_id       uuid NOT NULL REFERENCES org_units (id),
    primary_role  text NOT NULL,
    extra_roles   text[] NOT NULL DEFAULT '{}',
    is_trainee    boolean NOT NULL DEFAULT false,
    phone         text CHECK (char_length(phone) <= 32),
    locale        text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    password_hash text,
    active        boolean NOT NULL DEFAULT true,
    last_login_at timestamptz,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_unit_idx ON users (unit_id);
CREATE INDEX users_name_idx ON users (display_name, id);
CREATE INDEX users_created_idx ON users (created_at, id);

ALTER TABLE org_units
    ADD CONSTRAINT org_units_head_fk FOREIGN KEY (head_user_id) REFERENCES users (id);

-- Login sessions: only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id),
    token_hash   bytea NOT NULL UNIQUE,
    client_addr  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_seen_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Read-only API tokens for dashboard apps, optionally limited to a unit subtree.
CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    token_hash   bytea NOT NULL UNIQUE,
    unit_id      uuid REFERENCES org_units (id),
    created_by   uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (lower(name)) WHERE revoked_at IS NULL;

-- ORG-4: append-only audit log, written in the same transaction as the change.
CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid REFERENCES users (id),
    actor_label text NOT NULL,
    entity      text NOT NULL,
    entity_id   uuid NOT NULL,
    action      text NOT NULL,
    changes     jsonb NOT NULL DEFAULT '[]',
    request_id  text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at DESC, id DESC);

-- Worker liveness, written by the heartbeat cron job.
CREATE TABLE worker_heartbeats (
    worker_name  text PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    last_tick_at timestamptz NOT NULL,
    ticks        bigint NOT NULL DEFAULT 0
);
