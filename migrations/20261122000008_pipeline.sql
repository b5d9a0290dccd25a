-- PIP-1, PIP-2, PIP-4 (team), PIP-8: leads, opportunities with gated stages
-- and their history, project teams (who besides the owner may see an
-- opportunity, ORG-3), and the artefacts the stage gates look for. Quotes,
-- requirements reports and initiation applications grow their own columns
-- with their features; the gates only need their status.

INSERT INTO company_settings (key, value) VALUES
    -- PIP-1: weights (summing to 100) of the lead score's factors.
    ('lead_scoring', '{"industry_fit": 25, "size": 20, "budget": 25, "region": 15, "timeline": 15}'),
    -- PIP-2: default win probability per open stage.
    ('stage_probabilities', '{"EVALUATION": 10, "INITIATION": 20, "REQUIREMENTS": 30, "PROPOSAL": 50, "NEGOTIATION": 70, "CONTRACT": 90}');

CREATE TABLE opportunities (
    id                  uuid PRIMARY KEY,
    customer_id         uuid NOT NULL REFERENCES customers (id),
    name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    owner_id            uuid NOT NULL REFERENCES users (id),
    owner_unit_id       uuid NOT NULL REFERENCES org_units (id),
    stage               text NOT NULL DEFAULT 'EVALUATION'
                        CHECK (stage IN ('EVALUATION', 'INITIATION', 'REQUIREMENTS', 'PROPOSAL',
                                         'NEGOTIATION', 'CONTRACT', 'WON', 'LOST')),
    -- PIP-2: NULL means the stage's default probability.
    probability         smallint CHECK (probability BETWEEN 0 AND 100),
    amount              numeric(16, 2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
    currency            text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
    expected_close_date date,
    complex             boolean NOT NULL DEFAULT false,
    source_lead_id      uuid,
    lost_reason         text CHECK (char_length(lost_reason) <= 2000),
    lost_competitor     text CHECK (char_length(lost_competitor) <= 200),
    stage_changed_at    timestamptz NOT NULL,
    closed_at           timestamptz,
    created_by          uuid NOT NULL REFERENCES users (id),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CHECK ((stage = 'LOST') = (lost_reason IS NOT NULL)),
    CHECK ((stage IN ('WON', 'LOST')) = (closed_at IS NOT NULL))
);
CREATE INDEX opportunities_customer_idx ON opportunities (customer_id) WHERE stage NOT IN ('WON', 'LOST');
CREATE INDEX opportunities_owner_idx ON opportunities (owner_id, stage);
CREATE INDEX opportunities_unit_idx ON opportunities (owner_unit_id, stage);
CREATE INDEX opportunities_close_idx ON opportunities (expected_close_date, id) WHERE stage NOT IN ('WON', 'LOST');
CREATE INDEX opportunities_created_idx ON opportunities (created_at, id);
-- "has not moved for N days" (AUTO-1 follow-ups of stalled opportunities).
CREATE INDEX opportunities_stalled_idx ON opportunities (stage_changed_at, id) WHERE stage NOT IN ('WON', 'LOST');

-- PIP-2: every stage change, with who and when; time in a stage is the gap
-- to the next row.
CREATE TABLE opportunity_stage_history (
    id             uuid PRIMARY KEY,
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    from_stage     text,
    to_stage       text NOT NULL,
    changed_by     uuid REFERENCES users (id),
    reason         text CHECK (char_length(reason) <= 2000),
    at             timestamptz NOT NULL
);
CREATE INDEX opportunity_stage_history_idx ON opportunity_stage_history (opportunity_id, at, id);

-- PIP-4: the project team. Members see the opportunity (ORG-3).
CREATE TABLE opportunity_team_members (
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    user_id        uuid NOT NULL REFERENCES users (id),
    role           text NOT NULL CHECK (role IN ('LEADER', 'SALES_MANAGER', 'SALES_REP', 'TECH_LEAD', 'MEMBER')),
    duties         text CHECK (char_length(duties) <= 1000),
    added_at       timestamptz NOT NULL,
    PRIMARY KEY (opportunity_id, user_id)
);
CREATE INDEX opportunity_team_members_user_idx ON opportunity_team_members (user_id);

-- Gate artefacts (PIP-2): INITIATION needs an approved initiation
-- application, PROPOSAL a requirements report, NEGOTIATION a quote sent to
-- the customer, CONTRACT an accepted quote.
CREATE TABLE opportunity_initiations (
    id             uuid PRIMARY KEY,
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    status         text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'APPROVED', 'RETURNED')),
    created_at     timestamptz NOT NULL
);
CREATE INDEX opportunity_initiations_opp_idx ON opportunity_initiations (opportunity_id, status);
CREATE TABLE requirements_reports (
    id             uuid PRIMARY KEY,
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX requirements_reports_opp_idx ON requirements_reports (opportunity_id);
CREATE TABLE quotes (
    id             uuid PRIMARY KEY,
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    version        integer NOT NULL DEFAULT 1,
    status         text NOT NULL DEFAULT 'DRAFT'
                   CHECK (status IN ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'SENT', 'ACCEPTED', 'DECLINED')),
    created_at     timestamptz NOT NULL
);
CREATE INDEX quotes_opp_idx ON quotes (opportunity_id, status);

-- PIP-1: leads, scored 0-100 by the weights of `lead_scoring`.
CREATE TABLE leads (
    id                 uuid PRIMARY KEY,
    source             text NOT NULL DEFAULT 'OTHER'
                       CHECK (source IN ('EXHIBITION', 'WEB', 'REFERRAL', 'PARTNER', 'TENDER', 'COLD_CALL', 'OTHER')),
    company_name       text NOT NULL CHECK (char_length(company_name) BETWEEN 1 AND 200),
    contact_name       text CHECK (char_length(contact_name) <= 100),
    contact_phone      text CHECK (char_length(contact_phone) <= 32),
    contact_email      text CHECK (char_length(contact_email) <= 254),
    needs              text CHECK (char_length(needs) <= 5000),
    industry           text CHECK (char_length(industry) <= 100),
    size_class         text CHECK (size_class IN ('LARGE', 'MEDIUM', 'SMALL')),
    budget             numeric(16, 2) CHECK (budget >= 0),
    region             text CHECK (char_length(region) <= 100),
    expected_close_date date,
    -- PIP-1: the score and, per factor, the points it gave (explained).
    score              smallint NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
    score_factors      jsonb NOT NULL DEFAULT '{}',
    status             text NOT NULL DEFAULT 'NEW' CHECK (status IN ('NEW', 'QUALIFIED', 'DISQUALIFIED')),
    disqualify_reason  text CHECK (char_length(disqualify_reason) <= 2000),
    customer_id        uuid REFERENCES customers (id),
    opportunity_id     uuid REFERENCES opportunities (id),
    owner_id           uuid NOT NULL REFERENCES users (id),
    owner_unit_id      uuid NOT NULL REFERENCES org_units (id),
    created_by         uuid NOT NULL REFERENCES users (id),
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK ((status = 'DISQUALIFIED') = (disqualify_reason IS NOT NULL)),
    CHECK ((status = 'QUALIFIED') = (customer_id IS NOT NULL AND opportunity_id IS NOT NULL))
);
CREATE INDEX leads_owner_idx ON leads (owner_id, status);
CREATE INDEX leads_unit_idx ON leads (owner_unit_id, status);
CREATE INDEX leads_created_idx ON leads (created_at, id);
ALTER TABLE opportunities ADD CONSTRAINT opportunities_source_lead_fk FOREIGN KEY (source_lead_id) REFERENCES leads (id);

-- CUS-4: a customer with an open opportunity never returns to the pool.
CREATE OR REPLACE FUNCTION customer_has_open_opportunity(customer uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM opportunities o
                   WHERE o.customer_id = customer AND o.stage NOT IN ('WON', 'LOST'))
$$;
