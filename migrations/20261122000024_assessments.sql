-- KPI-2..KPI-5, AUTO-4: assessment schemes per role, periodic assessment
-- runs with one result per (scheme, person, period), the facts behind each
-- KPI value, bonuses and underperformance flags (docs/kpis.md,
-- docs/assessments.md).

-- KPI-2: one scheme per role. The commission rate is KPI-4's.
CREATE TABLE assessment_schemes (
    id              uuid PRIMARY KEY,
    role            text NOT NULL UNIQUE,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    commission_rate numeric(7, 6) NOT NULL DEFAULT 0 CHECK (commission_rate BETWEEN 0 AND 1),
    version         integer NOT NULL DEFAULT 1,
    created_by      uuid REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    updated_by      uuid REFERENCES users (id),
    updated_at      timestamptz NOT NULL
);

-- A scheme's KPIs: weights sum to 100 (checked by the store, which writes
-- a scheme's KPIs as a whole). A NULL target means "the person's TGT-1
-- target for the period" and is allowed only for the KPIs with a target
-- metric (SIGNED_REVENUE, GROSS_PROFIT, COLLECTION_AMOUNT, NEW_CUSTOMERS).
CREATE TABLE assessment_scheme_kpis (
    scheme_id uuid NOT NULL REFERENCES assessment_schemes (id) ON DELETE CASCADE,
    kpi       text NOT NULL CHECK (kpi IN (
                  'SIGNED_REVENUE', 'GROSS_PROFIT', 'COLLECTION_AMOUNT', 'COLLECTION_RATE',
                  'NEW_CUSTOMERS', 'RETENTION_RATE', 'CHURN_RATE', 'AVERAGE_SATISFACTION',
                  'COMPLAINT_RATE', 'REVISIT_COMPLIANCE', 'KEY_ACCOUNT_REVENUE_GROWTH',
                  'TARGET_COMPLETION')),
    position  smallint NOT NULL,
    weight    numeric(5, 2) NOT NULL CHECK (weight > 0 AND weight <= 100),
    target    numeric(20, 4) CHECK (target >= 0),
    PRIMARY KEY (scheme_id, kpi),
    CHECK (target IS NOT NULL
        OR kpi IN ('SIGNED_REVENUE', 'GROSS_PROFIT', 'COLLECTION_AMOUNT', 'NEW_CUSTOMERS'))
);

-- KPI-3: a period's assessment: OPEN (runs recompute) until FINALIZED.
-- `id` names the period in the audit log (ASSESSMENT_PERIOD RUN / FINALIZE).
CREATE TABLE assessment_periods (
    id           uuid NOT NULL UNIQUE,
    period_kind  text NOT NULL CHECK (period_kind IN ('YEAR', 'QUARTER', 'MONTH')),
    year         integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    period_no    integer NOT NULL,
    status       text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'FINALIZED')),
    runs         integer NOT NULL DEFAULT 0,
    last_run_at  timestamptz,
    last_run_by  uuid REFERENCES users (id),
    finalized_at timestamptz,
    finalized_by uuid REFERENCES users (id),
    version      integer NOT NULL DEFAULT 1,
    PRIMARY KEY (period_kind, year, period_no),
    CHECK ((period_kind = 'YEAR' AND period_no = 1)
        OR (period_kind = 'QUARTER' AND period_no BETWEEN 1 AND 4)
        OR (period_kind = 'MONTH' AND period_no BETWEEN 1 AND 12)),
    CHECK ((status = 'FINALIZED') = (finalized_at IS NOT NULL))
);

-- KPI-3: one result per (scheme, person, period).
CREATE TABLE assessment_results (
    id               uuid PRIMARY KEY,
    scheme_id        uuid NOT NULL REFERENCES assessment_schemes (id),
    user_id          uuid NOT NULL REFERENCES users (id),
    -- The person's unit when assessed: the rank is within it.
    unit_id          uuid NOT NULL REFERENCES org_units (id),
    period_kind      text NOT NULL,
    year             integer NOT NULL,
    period_no        integer NOT NULL,
    total            numeric(8, 2) NOT NULL,
    grade            text NOT NULL CHECK (grade IN ('S', 'A', 'B', 'C', 'D')),
    rank_in_unit     integer NOT NULL CHECK (rank_in_unit >= 1),
    unit_size        integer NOT NULL CHECK (unit_size >= rank_in_unit),
    -- Every KPI had a target (a missing TGT-1 target leaves it unscored).
    complete         boolean NOT NULL,
    -- KPI-5: signed revenue ÷ its target; NULL without a target.
    completion       numeric(12, 4),
    met              boolean,
    -- KPI-4 (monthly results): commission rate × collected revenue × multiplier.
    collected        numeric(16, 2) NOT NULL,
    commission_rate  numeric(7, 6) NOT NULL,
    bonus_multiplier numeric(4, 2) NOT NULL,
    bonus            numeric(16, 2),
    run_no           integer NOT NULL,
    computed_at      timestamptz NOT NULL,
    FOREIGN KEY (period_kind, year, period_no)
        REFERENCES assessment_periods (period_kind, year, period_no),
    CONSTRAINT assessment_results_one_per_key
        UNIQUE (scheme_id, user_id, period_kind, year, period_no)
);
CREATE INDEX assessment_results_period_idx
    ON assessment_results (period_kind, year, period_no, unit_id);
CREATE INDEX assessment_results_user_idx ON assessment_results (user_id, period_kind, year, period_no);

-- Per KPI of a result: the value, its target and scores. `actual` is NULL
-- when its denominator is zero (docs/kpis.md says what that scores).
CREATE TABLE assessment_kpis (
    result_id   uuid NOT NULL REFERENCES assessment_results (id) ON DELETE CASCADE,
    kpi         text NOT NULL,
    position    smallint NOT NULL,
    weight      numeric(5, 2) NOT NULL,
    numerator   numeric(20, 4) NOT NULL,
    denominator numeric(20, 4) NOT NULL,
    actual      numeric(20, 4),
    target      numeric(20, 4),
    score       numeric(8, 2),
    weighted    numeric(8, 2),
    fact_count  integer NOT NULL,
    PRIMARY KEY (result_id, kpi)
);

-- The facts behind each KPI value: what (kind, id), its day, and what it
-- added to the numerator and the denominator. Millions of rows per run,
-- written only by the run (joined to its results) and deleted with them by
-- the run: no foreign key, whose per-row check would cost more than the
-- insert itself (docs/assessments.md, "Performance").
CREATE TABLE assessment_facts (
    result_id uuid NOT NULL,
    kpi       text NOT NULL,
    kind      text NOT NULL,
    fact_id   uuid NOT NULL,
    fact_date date NOT NULL,
    num       numeric(20, 4) NOT NULL,
    den       numeric(20, 4) NOT NULL
);
CREATE INDEX assessment_facts_result_idx ON assessment_facts (result_id, kpi);

-- KPI-5: underperformance flags, one per (person, kind, period that
-- completed the streak).
CREATE TABLE assessment_flags (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id),
    kind        text NOT NULL CHECK (kind IN ('COACHING_PLAN', 'ROLE_REVIEW')),
    period_kind text NOT NULL,
    year        integer NOT NULL,
    period_no   integer NOT NULL,
    streak      integer NOT NULL CHECK (streak >= 2),
    created_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by uuid REFERENCES users (id),
    note        text,
    CONSTRAINT assessment_flags_one_per_key UNIQUE (user_id, kind, period_kind, year, period_no)
);
CREATE INDEX assessment_flags_open_idx ON assessment_flags (created_at) WHERE resolved_at IS NULL;
