-- REC-9: the rep declares the money they collected in person (amount, day,
-- method); it stays PENDING, outside the ledger, until finance confirms the
-- handover, which records the receipt (collected_by/collected_on, handed
-- over) and allocates it. The 90-day clock runs from collected_on
-- (docs/receivables.md "REC-9").
CREATE TABLE cash_collections (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    amount         numeric(18, 2) NOT NULL CHECK (amount > 0),
    collected_on   date NOT NULL,
    method         text NOT NULL CHECK (method IN ('CASH', 'CHEQUE', 'ACCEPTANCE_BILL')),
    reference      text CHECK (char_length(reference) <= 100),
    note           text CHECK (char_length(note) <= 2000),
    collected_by   uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'PENDING'
                   CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
    decided_by     uuid REFERENCES users (id),
    decided_at     timestamptz,
    handed_over_on date,
    receipt_id     uuid UNIQUE REFERENCES receipts (id),
    reject_reason  text CHECK (char_length(reject_reason) <= 500),
    version        integer NOT NULL DEFAULT 1,
    CONSTRAINT cash_collections_decided_check
        CHECK ((status = 'PENDING') = (decided_by IS NULL)),
    CONSTRAINT cash_collections_confirmed_check
        CHECK ((status = 'CONFIRMED') = (receipt_id IS NOT NULL AND handed_over_on IS NOT NULL)),
    CONSTRAINT cash_collections_rejected_check
        CHECK ((status = 'REJECTED') = (reject_reason IS NOT NULL)),
    CONSTRAINT cash_collections_handover_check
        CHECK (handed_over_on IS NULL OR handed_over_on >= collected_on)
);

-- The daily cash_handover scan and the pending list: oldest first.
CREATE INDEX cash_collections_pending_idx ON cash_collections (collected_on)
    WHERE status = 'PENDING';
CREATE INDEX cash_collections_customer_idx ON cash_collections (customer_id, collected_on DESC);
CREATE INDEX cash_collections_collector_idx ON cash_collections (collected_by, collected_on DESC);
