-- PIP-6: quotes grow their content, line items and approval. `version` keeps
-- its meaning (the quote's version NUMBER within its opportunity, 1, 2, …);
-- `row_version` is the optimistic-locking counter of the row. The gates of
-- PIP-2 keep reading `status` only.

INSERT INTO company_settings (key, value) VALUES
    -- PIP-6: gross margin (percent, decimal string) at or above which the
    -- submitter's direct head approves; below `quote_margin_director` the
    -- sales director; between the two a sales manager over the unit.
    ('quote_margin_manager', '"20"'),
    ('quote_margin_director', '"10"');

ALTER TABLE quotes
    ADD COLUMN title                  text CHECK (char_length(title) <= 200),
    ADD COLUMN currency               text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN valid_until            date,
    ADD COLUMN payment_terms          text CHECK (char_length(payment_terms) <= 2000),
    ADD COLUMN delivery_terms         text CHECK (char_length(delivery_terms) <= 2000),
    ADD COLUMN note                   text CHECK (char_length(note) <= 2000),
    -- Σ line amounts and Σ line costs (each line rounded to cents), kept in
    -- step with the lines by the store; CON-1 reads the accepted total.
    ADD COLUMN total_amount           numeric(16, 2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    ADD COLUMN total_cost             numeric(16, 2) NOT NULL DEFAULT 0 CHECK (total_cost >= 0),
    ADD COLUMN created_by             uuid REFERENCES users (id),
    ADD COLUMN updated_at             timestamptz,
    ADD COLUMN row_version            integer NOT NULL DEFAULT 1,
    -- Approval (set on submission, PIP-6 routing by margin).
    ADD COLUMN submitted_by           uuid REFERENCES users (id),
    ADD COLUMN submitted_at           timestamptz,
    ADD COLUMN margin_percent         numeric(7, 2),
    ADD COLUMN required_approver_role text CHECK (required_approver_role IN ('DIRECT_HEAD', 'SALES_MANAGER', 'SALES_DIRECTOR')),
    -- The submitter's direct head at submission (band DIRECT_HEAD).
    ADD COLUMN head_approver_id       uuid REFERENCES users (id),
    ADD COLUMN approver_id            uuid REFERENCES users (id),
    ADD COLUMN decided_at             timestamptz,
    ADD COLUMN rejection_reason       text CHECK (char_length(rejection_reason) <= 2000),
    ADD COLUMN sent_at                timestamptz,
    ADD COLUMN customer_decision_at   timestamptz,
    ADD COLUMN customer_decision_note text CHECK (char_length(customer_decision_note) <= 2000),
    ADD CONSTRAINT quotes_opportunity_version_key UNIQUE (opportunity_id, version);

-- A customer accepts at most one quote per opportunity.
CREATE UNIQUE INDEX quotes_one_accepted_idx ON quotes (opportunity_id) WHERE status = 'ACCEPTED';

CREATE TABLE quote_lines (
    id          uuid PRIMARY KEY,
    quote_id    uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position BETWEEN 1 AND 200),
    description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 500),
    quantity    numeric(14, 3) NOT NULL CHECK (quantity > 0),
    unit_price  numeric(16, 2) NOT NULL CHECK (unit_price >= 0),
    unit_cost   numeric(16, 2) NOT NULL CHECK (unit_cost >= 0),
    UNIQUE (quote_id, position)
);
