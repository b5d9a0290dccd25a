-- PIP-3 evaluation, PIP-4 initiation with approval and the proposed team,
-- PIP-5 requirements report. The gates of PIP-2 keep reading what they read
-- (an APPROVED initiation, any requirements report row), so the new columns
-- are nullable: rows written before this migration stay valid.

-- PIP-3: feasibility evaluations (可行性评估), one row per evaluation made;
-- the newest is the current one.
CREATE TABLE opportunity_evaluations (
    id             uuid PRIMARY KEY,
    opportunity_id uuid NOT NULL REFERENCES opportunities (id),
    background     text NOT NULL CHECK (char_length(background) BETWEEN 1 AND 5000),
    needs          text NOT NULL CHECK (char_length(needs) BETWEEN 1 AND 5000),
    budget         numeric(16, 2) CHECK (budget >= 0),
    competition    text CHECK (char_length(competition) <= 5000),
    cycle          text CHECK (char_length(cycle) <= 500),
    decision       text NOT NULL CHECK (decision IN ('GO', 'NO_GO')),
    decided_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL
);
CREATE INDEX opportunity_evaluations_opp_idx ON opportunity_evaluations (opportunity_id, created_at, id);

-- PIP-4: the application (《项目立项申请表》) and its proposed team, a JSON
-- array of {"user_id", "role", "duties"}; approval copies it into
-- opportunity_team_members.
ALTER TABLE opportunity_initiations
    ADD COLUMN basic_facts    text CHECK (char_length(basic_facts) <= 5000),
    ADD COLUMN sales_strategy text CHECK (char_length(sales_strategy) <= 5000),
    ADD COLUMN expected_goals text CHECK (char_length(expected_goals) <= 5000),
    ADD COLUMN proposed_team  jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(proposed_team) = 'array'),
    ADD COLUMN submitted_by   uuid REFERENCES users (id),
    ADD COLUMN decided_by     uuid REFERENCES users (id),
    ADD COLUMN decided_at     timestamptz,
    ADD COLUMN return_reason  text CHECK (char_length(return_reason) <= 2000),
    ADD COLUMN row_version    integer NOT NULL DEFAULT 1,
    ADD COLUMN updated_at     timestamptz;
-- One open (SUBMITTED) application per opportunity at a time.
CREATE UNIQUE INDEX opportunity_initiations_one_open ON opportunity_initiations (opportunity_id)
    WHERE status = 'SUBMITTED';

-- PIP-5: requirements reports (需求调研报告) and how they were gathered.
ALTER TABLE requirements_reports
    ADD COLUMN functional_needs  text CHECK (char_length(functional_needs) <= 10000),
    ADD COLUMN quality_standards text CHECK (char_length(quality_standards) <= 5000),
    ADD COLUMN delivery_time     text CHECK (char_length(delivery_time) <= 500),
    ADD COLUMN service_needs     text CHECK (char_length(service_needs) <= 5000),
    ADD COLUMN gathered_by       text CHECK (gathered_by IN ('SITE_VISIT', 'SURVEY', 'MEETING', 'OTHER')),
    ADD COLUMN created_by        uuid REFERENCES users (id),
    ADD COLUMN updated_at        timestamptz,
    ADD COLUMN row_version       integer NOT NULL DEFAULT 1;
