-- REC-1, REC-3, REC-6 at scale: each receivable item keeps what the ledger
-- has posted against it (Σ SALE) and its open amount (Σ of all its
-- entries), maintained by a statement-level trigger on every ledger insert
-- (the ledger itself stays the only source: the columns are a cache that
-- tests/e2e/receivables_year.rs reconciles to the cent against Σ ledger).
-- Partial indexes then let the daily posting, the dunning scan and the
-- current aging read only the items not fully posted or still open instead
-- of summing millions of ledger rows (BENCHMARKS.md, receivables).

ALTER TABLE contract_installments
    ADD COLUMN posted_amount numeric(16, 2) NOT NULL DEFAULT 0,
    ADD COLUMN open_amount   numeric(16, 2) NOT NULL DEFAULT 0;
ALTER TABLE shipments
    ADD COLUMN posted_amount numeric(16, 2) NOT NULL DEFAULT 0,
    ADD COLUMN open_amount   numeric(16, 2) NOT NULL DEFAULT 0;

UPDATE contract_installments i
   SET posted_amount = d.posted, open_amount = d.open
  FROM (SELECT installment_id,
               COALESCE(SUM(amount) FILTER (WHERE kind = 'SALE'), 0) AS posted,
               SUM(amount) AS open
          FROM ledger_entries WHERE installment_id IS NOT NULL GROUP BY installment_id) d
 WHERE i.id = d.installment_id;
UPDATE shipments s
   SET posted_amount = d.posted, open_amount = d.open
  FROM (SELECT shipment_id,
               COALESCE(SUM(amount) FILTER (WHERE kind = 'SALE'), 0) AS posted,
               SUM(amount) AS open
          FROM ledger_entries WHERE shipment_id IS NOT NULL GROUP BY shipment_id) d
 WHERE s.id = d.shipment_id;

CREATE FUNCTION ledger_entries_item_balances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contract_installments i
       SET posted_amount = i.posted_amount + d.posted, open_amount = i.open_amount + d.open
      FROM (SELECT installment_id,
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'SALE'), 0) AS posted,
                   SUM(amount) AS open
              FROM new_entries WHERE installment_id IS NOT NULL GROUP BY installment_id) d
     WHERE i.id = d.installment_id;
    UPDATE shipments s
       SET posted_amount = s.posted_amount + d.posted, open_amount = s.open_amount + d.open
      FROM (SELECT shipment_id,
                   COALESCE(SUM(amount) FILTER (WHERE kind = 'SALE'), 0) AS posted,
                   SUM(amount) AS open
              FROM new_entries WHERE shipment_id IS NOT NULL GROUP BY shipment_id) d
     WHERE s.id = d.shipment_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER ledger_entries_item_balances AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_item_balances();

-- Items not fully posted (the daily posting) and items still open (dunning,
-- current aging, the credit hold's "nothing overdue").
CREATE INDEX contract_installments_unposted_idx ON contract_installments (due_date)
    WHERE due_date IS NOT NULL AND posted_amount < amount;
CREATE INDEX contract_installments_open_idx ON contract_installments (due_date)
    WHERE open_amount <> 0;
CREATE INDEX shipments_unposted_idx ON shipments (shipped_date) WHERE posted_amount < amount;
CREATE INDEX shipments_open_idx ON shipments (shipped_date) WHERE open_amount <> 0;
-- The latest entry day (is the cache current for an aging as of a day?) and
-- the customer-level credit (entries without an item).
CREATE INDEX ledger_entry_date_idx ON ledger_entries (entry_date);
CREATE INDEX ledger_customer_credit_idx ON ledger_entries (customer_id, entry_date)
    INCLUDE (amount) WHERE item_id IS NULL;

-- The view gains the two cached figures (new columns go last).
CREATE OR REPLACE VIEW receivable_items AS
SELECT i.id, 'INSTALLMENT'::text AS kind, c.customer_id, c.id AS contract_id,
       i.id AS installment_id, NULL::uuid AS shipment_id, i.amount, i.due_date,
       c.number || ' #' || i.position || ' ' || i.label AS label,
       c.owner_id, c.owner_unit_id, c.opportunity_id, c.status AS contract_status,
       i.posted_amount, i.open_amount
  FROM contract_installments i JOIN contracts c ON c.id = i.contract_id
 WHERE i.due_date IS NOT NULL
   AND c.status IN ('SIGNED', 'EXECUTING', 'ACCEPTED', 'CLOSED', 'TERMINATED')
   AND c.signed_date IS NOT NULL
UNION ALL
SELECT s.id, 'SHIPMENT'::text, o.customer_id, NULL::uuid, NULL::uuid, s.id, s.amount,
       s.shipped_date + 30, o.number || ' / ' || s.number, o.owner_id, o.owner_unit_id, NULL::uuid, NULL::text,
       s.posted_amount, s.open_amount
  FROM shipments s JOIN orders o ON o.id = s.order_id
 WHERE o.contract_id IS NULL AND s.amount > 0;
