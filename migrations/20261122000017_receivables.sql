-- REC-1..4, CON-8: the receivables ledger (应收款台帐), invoices, receipts
-- and their allocations (docs/receivables.md).
--
-- A receivable item is a contract installment once it has a due date (of a
-- contract SIGNED or later), or the delivery note (shipment) of an order not
-- under a contract. Its id is the installment's or the shipment's id.

-- REC-2: tax invoices, entered against one item; an item may be invoiced in
-- parts, never above its amount (checked by the store under the customer lock).
CREATE TABLE invoices (
    id             uuid PRIMARY KEY,
    number         text NOT NULL UNIQUE CHECK (char_length(number) BETWEEN 1 AND 40),
    customer_id    uuid NOT NULL REFERENCES customers (id),
    contract_id    uuid REFERENCES contracts (id),
    installment_id uuid REFERENCES contract_installments (id),
    shipment_id    uuid REFERENCES shipments (id),
    amount         numeric(16, 2) NOT NULL CHECK (amount > 0),
    issue_date     date NOT NULL,
    note           text CHECK (char_length(note) <= 2000),
    created_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    CHECK ((installment_id IS NULL) <> (shipment_id IS NULL))
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id, issue_date);
CREATE INDEX invoices_item_idx ON invoices (COALESCE(installment_id, shipment_id));
CREATE INDEX invoices_contract_idx ON invoices (contract_id, issue_date) WHERE contract_id IS NOT NULL;

-- REC-2: money received. Never edited; a wrong one is reversed (its ledger
-- entries get reversing entries) and keeps its row with the reversal facts.
CREATE TABLE receipts (
    id              uuid PRIMARY KEY,
    customer_id     uuid NOT NULL REFERENCES customers (id),
    amount          numeric(16, 2) NOT NULL CHECK (amount > 0),
    received_on     date NOT NULL,
    method          text NOT NULL
                    CHECK (method IN ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'CASH', 'OTHER')),
    reference       text CHECK (char_length(reference) <= 100),
    note            text CHECK (char_length(note) <= 2000),
    created_by      uuid NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    reversed_at     timestamptz,
    reversed_by     uuid REFERENCES users (id),
    reversal_reason text CHECK (char_length(reversal_reason) BETWEEN 1 AND 2000),
    CHECK ((reversed_at IS NULL) = (reversal_reason IS NULL))
);
CREATE INDEX receipts_customer_idx ON receipts (customer_id, received_on);

-- REC-1: the ledger. Append-only: amounts signed, debit > 0, credit < 0.
-- customer balance = Σ amount; an item's open amount = Σ amount of its
-- entries (item_id); the customer's unapplied credit = −Σ amount of the
-- entries without an item.
CREATE TABLE ledger_entries (
    id             uuid PRIMARY KEY,
    seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    contract_id    uuid REFERENCES contracts (id),
    installment_id uuid REFERENCES contract_installments (id),
    shipment_id    uuid REFERENCES shipments (id),
    item_id        uuid GENERATED ALWAYS AS (COALESCE(installment_id, shipment_id)) STORED,
    receipt_id     uuid REFERENCES receipts (id),
    invoice_id     uuid REFERENCES invoices (id),
    reversal_of    uuid UNIQUE REFERENCES ledger_entries (id),
    kind           text NOT NULL CHECK (kind IN ('SALE', 'RECEIPT', 'PREPAYMENT', 'CREDIT_APPLIED',
                                                 'ADJUSTMENT', 'WRITE_OFF', 'REVERSAL')),
    amount         numeric(16, 2) NOT NULL CHECK (amount <> 0),
    entry_date     date NOT NULL,
    reason         text CHECK (char_length(reason) BETWEEN 1 AND 2000),
    created_by     uuid REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    CHECK (installment_id IS NULL OR shipment_id IS NULL),
    CHECK (kind <> 'SALE' OR (amount > 0 AND (installment_id IS NOT NULL OR shipment_id IS NOT NULL))),
    CHECK (kind <> 'RECEIPT' OR (amount < 0 AND receipt_id IS NOT NULL
                                 AND (installment_id IS NOT NULL OR shipment_id IS NOT NULL))),
    CHECK (kind <> 'PREPAYMENT' OR (amount < 0 AND receipt_id IS NOT NULL
                                    AND installment_id IS NULL AND shipment_id IS NULL)),
    CHECK (kind <> 'WRITE_OFF' OR (amount < 0 AND reason IS NOT NULL
                                   AND (installment_id IS NOT NULL OR shipment_id IS NOT NULL))),
    CHECK (kind <> 'ADJUSTMENT' OR reason IS NOT NULL),
    CHECK ((kind = 'REVERSAL') = (reversal_of IS NOT NULL)),
    CHECK (kind <> 'REVERSAL' OR reason IS NOT NULL)
);
CREATE INDEX ledger_customer_idx ON ledger_entries (customer_id, entry_date);
CREATE INDEX ledger_item_idx ON ledger_entries (item_id, entry_date) WHERE item_id IS NOT NULL;
CREATE INDEX ledger_contract_idx ON ledger_entries (contract_id, entry_date) WHERE contract_id IS NOT NULL;
CREATE INDEX ledger_receipt_idx ON ledger_entries (receipt_id) WHERE receipt_id IS NOT NULL;

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: post a reversing entry instead'
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- REC-2: what each receipt paid: directly (RECEIPT) or later from its
-- unapplied credit (CREDIT_APPLIED). Each row has its ledger credit.
CREATE TABLE receipt_allocations (
    id              uuid PRIMARY KEY,
    receipt_id      uuid NOT NULL REFERENCES receipts (id),
    installment_id  uuid REFERENCES contract_installments (id),
    shipment_id     uuid REFERENCES shipments (id),
    item_id         uuid GENERATED ALWAYS AS (COALESCE(installment_id, shipment_id)) STORED,
    amount          numeric(16, 2) NOT NULL CHECK (amount > 0),
    ledger_entry_id uuid NOT NULL UNIQUE REFERENCES ledger_entries (id),
    created_at      timestamptz NOT NULL,
    CHECK ((installment_id IS NULL) <> (shipment_id IS NULL))
);
CREATE INDEX receipt_allocations_receipt_idx ON receipt_allocations (receipt_id);
CREATE INDEX receipt_allocations_item_idx ON receipt_allocations (item_id);

-- The receivable items with their scope columns: contract installments
-- with a due date of contracts SIGNED or later (owner = the contract's),
-- and delivery notes of orders outside a contract, due 30 days after
-- shipping (owner = the order's).
CREATE VIEW receivable_items AS
SELECT i.id, 'INSTALLMENT'::text AS kind, c.customer_id, c.id AS contract_id,
       i.id AS installment_id, NULL::uuid AS shipment_id, i.amount, i.due_date,
       c.number || ' #' || i.position || ' ' || i.label AS label,
       c.owner_id, c.owner_unit_id, c.opportunity_id, c.status AS contract_status
  FROM contract_installments i JOIN contracts c ON c.id = i.contract_id
 WHERE i.due_date IS NOT NULL
   AND c.status IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED', 'TERMINATED')
   AND c.signed_date IS NOT NULL
UNION ALL
SELECT s.id, 'SHIPMENT'::text, o.customer_id, NULL::uuid, NULL::uuid, s.id, s.amount,
       s.shipped_date + 30, o.number || ' / ' || s.number, o.owner_id, o.owner_unit_id, NULL::uuid, NULL::text
  FROM shipments s JOIN orders o ON o.id = s.order_id
 WHERE o.contract_id IS NULL AND s.amount > 0;
