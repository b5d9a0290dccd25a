-- REC-5: monthly statements (对账单), docs/statements.md.
--
-- A statement is derived from the ledger alone (REC-1) for one customer and
-- one calendar month: opening = Σ entries dated before the month, sales,
-- receipts, other, closing = Σ entries dated up to its last day, with
-- opening + sales − receipts + other = closing exactly, and the month's
-- entries in `lines` so every figure is traceable to its ledger rows.

-- The company day of the month on which the previous month's statements are
-- generated and sent (1–28, so every month has it), and whether they also go
-- to each customer's billing contacts (contacts.is_billing).
INSERT INTO company_settings (key, value) VALUES
    ('statement_day', '1'),
    ('statement_billing_contact', 'false')
ON CONFLICT (key) DO NOTHING;

CREATE TABLE statements (
    id              uuid PRIMARY KEY,
    customer_id     uuid NOT NULL REFERENCES customers (id),
    period_start    date NOT NULL CHECK (extract(day FROM period_start) = 1),
    period_end      date NOT NULL,
    opening_balance numeric(16, 2) NOT NULL,
    sales           numeric(16, 2) NOT NULL,
    receipts        numeric(16, 2) NOT NULL,
    other           numeric(16, 2) NOT NULL,
    closing_balance numeric(16, 2) NOT NULL,
    -- [{entry_id, seq, date, kind, column, document, amount}] in ledger order.
    lines           jsonb NOT NULL DEFAULT '[]',
    html            text NOT NULL,
    generated_at    timestamptz NOT NULL,
    sent_at         timestamptz,
    UNIQUE (customer_id, period_start),
    CHECK (period_end = (period_start + interval '1 month' - interval '1 day')::date),
    CHECK (opening_balance + sales - receipts + other = closing_balance)
);
CREATE INDEX statements_period_idx ON statements (period_start, customer_id);

-- Immutable once sent: a sent statement is neither changed nor deleted.
-- Before sending, a re-generation replaces its figures (same row).
CREATE FUNCTION statements_immutable_once_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.sent_at IS NOT NULL THEN
        RAISE EXCEPTION 'statement % was sent on %: it can no longer be changed or deleted',
            OLD.id, OLD.sent_at USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER statements_immutable_once_sent BEFORE UPDATE OR DELETE ON statements
    FOR EACH ROW EXECUTE FUNCTION statements_immutable_once_sent();
