-- CUS-1..9, KA-1..4: customers, contacts, ownership, pool, interactions,
-- follow-ups, satisfaction, complaints, key accounts; company settings.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Company-wide settings edited by ADMIN / director (CUS-4, CUS-6, CUS-7,
-- CUS-9, KA-1). One JSON value per key; defaults below.
CREATE TABLE company_settings (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    version    integer NOT NULL DEFAULT 1,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users (id)
);
INSERT INTO company_settings (key, value) VALUES
    ('pool_reclaim_days', '{"GENERAL": 90, "IMPORTANT": 180}'),
    ('revisit_interval_days', '{"grade": {"STRATEGIC": 30, "IMPORTANT": 30, "GENERAL": 90}, "tier": {"A": 30, "B": 60, "C": 90}}'),
    ('complaint_deadline_hours', '{"HIGH": 24, "MEDIUM": 72, "LOW": 168}'),
    ('ka_revenue_threshold', '"500000"'),
    ('care_holidays', '{"2026": [{"name": "春节", "date": "2026-02-17"}, {"name": "中秋节", "date": "2026-09-25"}, {"name": "国庆节", "date": "2026-10-01"}], "2027": [{"name": "春节", "date": "2027-02-06"}, {"name": "中秋节", "date": "2027-09-15"}, {"name": "国庆节", "date": "2027-10-01"}]}');

-- CUS-1. owner_unit_id is the owner's unit at the time of ownership, kept
-- with the row so the ORG-3 scope predicate is an indexed equality.
CREATE TABLE customers (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    name_norm           text NOT NULL,
    credit_code         text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    industry            text CHECK (char_length(industry) <= 100),
    size_class          text CHECK (size_class IN ('LARGE', 'MEDIUM', 'SMALL')),
    region              text CHECK (char_length(region) <= 100),
    address             text CHECK (char_length(address) <= 300),
    source              text NOT NULL DEFAULT 'OTHER'
                        CHECK (source IN ('EXHIBITION', 'WEB', 'REFERRAL', 'PARTNER', 'TENDER', 'COLD_CALL', 'OTHER')),
    grade               text NOT NULL DEFAULT 'GENERAL' CHECK (grade IN ('STRATEGIC', 'IMPORTANT', 'GENERAL')),
    tier                text NOT NULL DEFAULT 'C' CHECK (tier IN ('A', 'B', 'C')),
    status              text NOT NULL DEFAULT 'POTENTIAL' CHECK (status IN ('POTENTIAL', 'ACTIVE', 'DORMANT', 'LOST')),
    credit_rating       text CHECK (char_length(credit_rating) <= 20),
    credit_limit        numeric(16, 2) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    owner_id            uuid REFERENCES users (id),
    owner_unit_id       uuid REFERENCES org_units (id),
    owned_since         timestamptz,
    key_account         boolean NOT NULL DEFAULT false,
    ka_class            text CHECK (ka_class IN ('STRATEGIC_PARTNER', 'IMPORTANT', 'GENERAL')),
    tags                text[] NOT NULL DEFAULT '{}',
    last_interaction_at timestamptz,
    -- CUS-4: the previous owner may not claim it back until this date.
    reclaim_block_user  uuid REFERENCES users (id),
    reclaim_block_until date,
    created_by          uuid REFERENCES users (id),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((owner_id IS NULL) = (owner_unit_id IS NULL))
);
CREATE UNIQUE INDEX customers_credit_code_key ON customers (credit_code);
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_name_norm_idx ON customers (name_norm);
CREATE INDEX customers_name_idx ON customers (name, id);
CREATE INDEX customers_created_idx ON customers (created_at, id);
CREATE INDEX customers_owner_idx ON customers (owner_id);
CREATE INDEX customers_owner_unit_idx ON customers (owner_unit_id);
CREATE INDEX customers_pool_idx ON customers (created_at, id) WHERE owner_id IS NULL;
CREATE INDEX customers_last_interaction_idx ON customers (last_interaction_at, id);

-- CUS-3: every change of owner, kept.
CREATE TABLE customer_owner_history (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id),
    owner_id    uuid REFERENCES users (id),
    reason      text NOT NULL CHECK (reason IN ('CREATED', 'CLAIMED', 'RELEASED', 'TRANSFERRED', 'DISPUTE', 'RECLAIMED')),
    changed_by  uuid REFERENCES users (id),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_owner_history_customer_idx ON customer_owner_history (customer_id, at);

CREATE TABLE contacts (
    id              uuid PRIMARY KEY,
    customer_id     uuid NOT NULL REFERENCES customers (id),
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    title           text CHECK (char_length(title) <= 100),
    phone           text CHECK (char_length(phone) <= 32),
    email           text CHECK (char_length(email) <= 254),
    birthday        date,
    greeting_opt_in boolean NOT NULL DEFAULT false,
    is_billing      boolean NOT NULL DEFAULT false,
    locale          text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    active          boolean NOT NULL DEFAULT true,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contacts_customer_idx ON contacts (customer_id);
CREATE INDEX contacts_birthday_idx ON contacts ((extract(month FROM birthday)), (extract(day FROM birthday))) WHERE birthday IS NOT NULL;

-- CUS-3 disputes: the sales manager decides the owner and the performance
-- credit shares (summing to exactly 100), kept for the KPIs.
CREATE TABLE ownership_disputes (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id),
    opened_by   uuid NOT NULL REFERENCES users (id),
    reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    status      text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DECIDED')),
    decided_by  uuid REFERENCES users (id),
    decided_at  timestamptz,
    owner_id    uuid REFERENCES users (id),
    decision    text CHECK (char_length(decision) <= 2000),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ownership_disputes_one_open ON ownership_disputes (customer_id) WHERE status = 'OPEN';
CREATE TABLE performance_shares (
    customer_id uuid NOT NULL REFERENCES customers (id),
    user_id     uuid NOT NULL REFERENCES users (id),
    share       numeric(5, 2) NOT NULL CHECK (share > 0 AND share <= 100),
    dispute_id  uuid NOT NULL REFERENCES ownership_disputes (id),
    valid_from  timestamptz NOT NULL,
    PRIMARY KEY (dispute_id, user_id)
);
CREATE INDEX performance_shares_customer_idx ON performance_shares (customer_id, valid_from);

-- CUS-5
CREATE TABLE interactions (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    kind           text NOT NULL CHECK (kind IN ('VISIT', 'PHONE', 'EMAIL', 'MEETING', 'DEMO', 'SEMINAR', 'OTHER')),
    occurred_at    timestamptz NOT NULL,
    participants   text[] NOT NULL DEFAULT '{}',
    contact_ids    uuid[] NOT NULL DEFAULT '{}',
    summary        text NOT NULL CHECK (char_length(summary) BETWEEN 1 AND 5000),
    feedback       text CHECK (char_length(feedback) <= 5000),
    next_step      text CHECK (char_length(next_step) <= 2000),
    created_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX interactions_customer_idx ON interactions (customer_id, occurred_at DESC, id DESC);

-- AUTO-1 follow-up tasks (from interactions now; plans and opportunities later).
CREATE TABLE follow_up_tasks (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    interaction_id uuid REFERENCES interactions (id),
    assignee_id    uuid NOT NULL REFERENCES users (id),
    due_date       date NOT NULL,
    note           text CHECK (char_length(note) <= 2000),
    status         text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
    completed_at   timestamptz,
    completed_by   uuid REFERENCES users (id),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_tasks_open_due_idx ON follow_up_tasks (due_date, id) WHERE status = 'OPEN';
CREATE INDEX follow_up_tasks_assignee_idx ON follow_up_tasks (assignee_id, status, due_date);
CREATE INDEX follow_up_tasks_customer_idx ON follow_up_tasks (customer_id);

-- CUS-8
CREATE TABLE satisfaction_surveys (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id),
    score       smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    surveyed_on date NOT NULL,
    note        text CHECK (char_length(note) <= 2000),
    created_by  uuid NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX satisfaction_surveys_customer_idx ON satisfaction_surveys (customer_id, surveyed_on);

-- CUS-9
CREATE TABLE complaints (
    id                      uuid PRIMARY KEY,
    customer_id             uuid NOT NULL REFERENCES customers (id),
    channel                 text NOT NULL CHECK (channel IN ('HOTLINE', 'EMAIL', 'VISIT', 'OTHER')),
    received_at             timestamptz NOT NULL,
    category                text NOT NULL CHECK (char_length(category) BETWEEN 1 AND 100),
    severity                text NOT NULL CHECK (severity IN ('HIGH', 'MEDIUM', 'LOW')),
    description             text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 5000),
    deadline_at             timestamptz NOT NULL,
    responsible_unit_id     uuid REFERENCES org_units (id),
    status                  text NOT NULL DEFAULT 'RECEIVED' CHECK (status IN ('RECEIVED', 'INVESTIGATING', 'RESOLVED', 'CLOSED')),
    cause                   text CHECK (char_length(cause) <= 5000),
    solution                text CHECK (char_length(solution) <= 5000),
    reply                   text CHECK (char_length(reply) <= 5000),
    outcome_satisfaction    smallint CHECK (outcome_satisfaction BETWEEN 1 AND 5),
    resolved_at             timestamptz,
    closed_at               timestamptz,
    created_by              uuid NOT NULL REFERENCES users (id),
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_customer_idx ON complaints (customer_id, received_at DESC);
CREATE INDEX complaints_open_deadline_idx ON complaints (deadline_at) WHERE status IN ('RECEIVED', 'INVESTIGATING');

-- KA-1, KA-2
CREATE TABLE ka_applications (
    id                      uuid PRIMARY KEY,
    customer_id             uuid NOT NULL REFERENCES customers (id),
    applicant_id            uuid NOT NULL REFERENCES users (id),
    cooperation_intent      text NOT NULL CHECK (char_length(cooperation_intent) BETWEEN 1 AND 5000),
    expected_annual_revenue numeric(16, 2) NOT NULL CHECK (expected_annual_revenue >= 0),
    requested_class         text NOT NULL CHECK (requested_class IN ('STRATEGIC_PARTNER', 'IMPORTANT', 'GENERAL')),
    good_credit             boolean NOT NULL,
    clear_needs             boolean NOT NULL,
    agrees_with_offering    boolean NOT NULL,
    fits_strategy           boolean NOT NULL,
    status                  text NOT NULL DEFAULT 'PENDING_PREREVIEW'
                            CHECK (status IN ('PENDING_PREREVIEW', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED')),
    prereviewed_by          uuid REFERENCES users (id),
    prereviewed_at          timestamptz,
    decided_by              uuid REFERENCES users (id),
    decided_at              timestamptz,
    rejection_reason        text CHECK (char_length(rejection_reason) <= 2000),
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ka_applications_one_pending ON ka_applications (customer_id)
    WHERE status IN ('PENDING_PREREVIEW', 'PENDING_APPROVAL');

-- KA-3
CREATE TABLE ka_plans (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    year           integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    target_revenue numeric(16, 2) NOT NULL CHECK (target_revenue >= 0),
    strategy       text NOT NULL CHECK (char_length(strategy) BETWEEN 1 AND 5000),
    actions        text NOT NULL CHECK (char_length(actions) BETWEEN 1 AND 5000),
    status         text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'REVIEWED', 'APPROVED', 'RETURNED')),
    submitted_by   uuid NOT NULL REFERENCES users (id),
    reviewed_by    uuid REFERENCES users (id),
    approved_by    uuid REFERENCES users (id),
    return_reason  text CHECK (char_length(return_reason) <= 2000),
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, year)
);

-- KA-4
CREATE TABLE ka_evaluations (
    id           uuid PRIMARY KEY,
    customer_id  uuid NOT NULL REFERENCES customers (id),
    year         integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter      smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    satisfaction smallint NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    loyalty      smallint NOT NULL CHECK (loyalty BETWEEN 1 AND 5),
    progress     smallint NOT NULL CHECK (progress BETWEEN 1 AND 5),
    revenue      smallint NOT NULL CHECK (revenue BETWEEN 1 AND 5),
    score        numeric(5, 2) NOT NULL,
    level        text NOT NULL,
    note         text CHECK (char_length(note) <= 2000),
    evaluated_by uuid NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, year, quarter)
);

-- CUS-4 needs "no open opportunity". The pipeline context replaces this
-- function (CREATE OR REPLACE) when opportunities exist; until then no
-- customer has one.
CREATE FUNCTION customer_has_open_opportunity(customer uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT false $$;
