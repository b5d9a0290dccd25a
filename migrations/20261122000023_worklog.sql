-- TGT-3 sales plans, TGT-4 daily work logs, weekly reports and monthly
-- summaries (docs/worklog.md).

-- TGT-3: one plan per person per ISO week (week_start is its Monday),
-- DRAFT → SUBMITTED → APPROVED / RETURNED (→ edited, SUBMITTED again).
CREATE TABLE sales_plans (
    id            uuid PRIMARY KEY,
    user_id       uuid NOT NULL REFERENCES users (id),
    week_start    date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    note          text CHECK (char_length(note) <= 2000),
    status        text NOT NULL DEFAULT 'DRAFT'
                  CHECK (status IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED')),
    submitted_at  timestamptz,
    decided_by    uuid REFERENCES users (id),
    decided_at    timestamptz,
    decision_note text CHECK (char_length(decision_note) <= 1000),
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CHECK (status <> 'RETURNED' OR decision_note IS NOT NULL),
    CONSTRAINT sales_plans_one_per_week UNIQUE (user_id, week_start)
);
CREATE INDEX sales_plans_week_idx ON sales_plans (week_start);

-- The visits (a customer, a day, a purpose) and activities (a day, a
-- kind, a title, a description) of a plan, in the order given.
CREATE TABLE sales_plan_items (
    plan_id       uuid NOT NULL REFERENCES sales_plans (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('VISIT', 'ACTIVITY')),
    day           date NOT NULL,
    customer_id   uuid REFERENCES customers (id),
    activity_kind text CHECK (activity_kind IN ('MEETING', 'TRAINING', 'EXHIBITION', 'PHONE_CALLS',
                                                'PAPERWORK', 'OTHER')),
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description   text CHECK (char_length(description) <= 2000),
    PRIMARY KEY (plan_id, position),
    CHECK ((kind = 'VISIT' AND customer_id IS NOT NULL AND activity_kind IS NULL)
        OR (kind = 'ACTIVITY' AND customer_id IS NULL AND activity_kind IS NOT NULL))
);
CREATE INDEX sales_plan_items_customer_idx ON sales_plan_items (customer_id)
    WHERE customer_id IS NOT NULL;

-- TGT-4: one log per person per company day; due by the end of the next
-- working day (due_on, TGT-5); late when submitted after due_on.
CREATE TABLE work_logs (
    id                     uuid PRIMARY KEY,
    user_id                uuid NOT NULL REFERENCES users (id),
    day                    date NOT NULL,
    visited_customer_ids   uuid[] NOT NULL DEFAULT '{}'
                           CHECK (cardinality(visited_customer_ids) <= 100),
    contacted_customer_ids uuid[] NOT NULL DEFAULT '{}'
                           CHECK (cardinality(contacted_customer_ids) <= 100),
    outcome                text NOT NULL CHECK (char_length(outcome) BETWEEN 1 AND 4000),
    notes                  text CHECK (char_length(notes) <= 4000),
    due_on                 date NOT NULL,
    submitted_at           timestamptz NOT NULL,
    late                   boolean NOT NULL,
    version                integer NOT NULL DEFAULT 1,
    updated_at             timestamptz NOT NULL,
    CONSTRAINT work_logs_one_per_day UNIQUE (user_id, day)
);
CREATE INDEX work_logs_day_idx ON work_logs (day);

-- TGT-4: weekly reports (周工作表, period_start a Monday) and monthly
-- summaries (period_start the 1st), submitted by the person, reviewed
-- once by their supervisor chain.
CREATE TABLE work_reports (
    id             uuid PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('WEEK', 'MONTH')),
    user_id        uuid NOT NULL REFERENCES users (id),
    period_start   date NOT NULL,
    summary        text NOT NULL CHECK (char_length(summary) BETWEEN 1 AND 8000),
    next_plan      text NOT NULL CHECK (char_length(next_plan) BETWEEN 1 AND 8000),
    status         text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'REVIEWED')),
    submitted_at   timestamptz NOT NULL,
    reviewed_by    uuid REFERENCES users (id),
    reviewed_at    timestamptz,
    review_comment text CHECK (char_length(review_comment) <= 2000),
    version        integer NOT NULL DEFAULT 1,
    updated_at     timestamptz NOT NULL,
    CHECK ((kind = 'WEEK' AND extract(isodow FROM period_start) = 1)
        OR (kind = 'MONTH' AND extract(day FROM period_start) = 1)),
    CHECK ((status = 'REVIEWED') = (reviewed_at IS NOT NULL)),
    CONSTRAINT work_reports_one_per_period UNIQUE (kind, user_id, period_start)
);
CREATE INDEX work_reports_period_idx ON work_reports (kind, period_start);
