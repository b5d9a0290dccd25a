-- PIP-7: negotiation records, competitor notes and tenders (投标) of an
-- opportunity. Amounts are in the opportunity's currency, numeric(16, 2),
-- never negative. Bid documents are references (a name and a URL or a
-- document-system reference): salesd stores no files.

-- Negotiation records (谈判记录): append-only, one row per negotiation held.
CREATE TABLE opportunity_negotiations (
    id                uuid PRIMARY KEY,
    opportunity_id    uuid NOT NULL REFERENCES opportunities (id),
    occurred_on       date NOT NULL,
    price             numeric(16, 2) CHECK (price >= 0),
    payment_method    text CHECK (char_length(payment_method) <= 500),
    delivery_terms    text CHECK (char_length(delivery_terms) <= 2000),
    after_sales_terms text CHECK (char_length(after_sales_terms) <= 2000),
    notes             text CHECK (char_length(notes) <= 5000),
    participants      text[] NOT NULL DEFAULT '{}' CHECK (cardinality(participants) <= 30),
    recorded_by       uuid NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL,
    -- A record says something: a price or at least one of the texts.
    CHECK (price IS NOT NULL OR payment_method IS NOT NULL OR delivery_terms IS NOT NULL
           OR after_sales_terms IS NOT NULL OR notes IS NOT NULL)
);
CREATE INDEX opportunity_negotiations_opp_idx
    ON opportunity_negotiations (opportunity_id, occurred_on, created_at);

-- Competitor notes: one live note per competitor (name, case-insensitive)
-- and opportunity. Removal is soft (removed_at) so the audit trail of a
-- removed note stays readable with its opportunity.
CREATE TABLE opportunity_competitors (
    id              uuid PRIMARY KEY,
    opportunity_id  uuid NOT NULL REFERENCES opportunities (id),
    name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    strengths       text CHECK (char_length(strengths) <= 2000),
    weaknesses      text CHECK (char_length(weaknesses) <= 2000),
    estimated_price numeric(16, 2) CHECK (estimated_price >= 0),
    threat_level    text NOT NULL CHECK (threat_level IN ('LOW', 'MEDIUM', 'HIGH')),
    note            text CHECK (char_length(note) <= 5000),
    created_by      uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    removed_at      timestamptz,
    removed_by      uuid REFERENCES users (id),
    row_version     integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX opportunity_competitors_one_live
    ON opportunity_competitors (opportunity_id, lower(name)) WHERE removed_at IS NULL;
CREATE INDEX opportunity_competitors_opp_idx ON opportunity_competitors (opportunity_id);

-- Tenders (投标): prepared, submitted before the deadline, then a final
-- result. `documents` is a JSON array of {"name", "reference"}.
CREATE TABLE tenders (
    id                uuid PRIMARY KEY,
    opportunity_id    uuid NOT NULL REFERENCES opportunities (id),
    tender_no         text CHECK (char_length(tender_no) <= 100),
    title             text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    issuing_party     text NOT NULL CHECK (char_length(issuing_party) BETWEEN 1 AND 200),
    deadline          timestamptz NOT NULL,
    documents         jsonb NOT NULL DEFAULT '[]'
                      CHECK (jsonb_typeof(documents) = 'array' AND jsonb_array_length(documents) <= 50),
    bid_amount        numeric(16, 2) CHECK (bid_amount >= 0),
    submitted_at      timestamptz,
    submitted_by      uuid REFERENCES users (id),
    result            text NOT NULL DEFAULT 'PENDING'
                      CHECK (result IN ('PENDING', 'WON', 'LOST', 'CANCELLED')),
    result_note       text CHECK (char_length(result_note) <= 2000),
    winning_competitor text CHECK (char_length(winning_competitor) <= 200),
    winning_price     numeric(16, 2) CHECK (winning_price >= 0),
    result_at         timestamptz,
    result_by         uuid REFERENCES users (id),
    created_by        uuid NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    row_version       integer NOT NULL DEFAULT 1,
    -- Submitted with an amount, before the deadline; a result only after.
    CHECK (submitted_at IS NULL OR (bid_amount IS NOT NULL AND submitted_at <= deadline)),
    CHECK (result = 'PENDING' OR (submitted_at IS NOT NULL AND result_at IS NOT NULL))
);
CREATE INDEX tenders_opp_idx ON tenders (opportunity_id, deadline);
