-- REC-6, REC-7, AUTO-3: dunning (催款) of overdue receivable items, promises
-- to pay, payment disputes, the levels reached, and the bad-debt risk signal
-- of L4 (docs/dunning.md).

-- REC-6: the levels, their days overdue (calendar days after the due date),
-- their recipients and their actions. Validated by the settings mutation:
-- 1 to 4 levels numbered 1..n in order, days strictly increasing.
INSERT INTO company_settings (key, value) VALUES
    ('dunning_levels', '{"levels": [
        {"level": 1, "days": 3,  "recipients": ["BILLING_CONTACT", "OWNER"], "actions": []},
        {"level": 2, "days": 15, "recipients": ["BILLING_CONTACT", "OWNER", "SUPERVISOR"], "actions": []},
        {"level": 3, "days": 30, "recipients": ["BILLING_CONTACT", "OWNER", "SALES_MANAGER", "FINANCE"], "actions": ["CREDIT_HOLD"]},
        {"level": 4, "days": 90, "recipients": ["OWNER", "SALES_MANAGER", "FINANCE"], "actions": ["HIGH_RISK"]}
    ]}');

-- REC-6: a customer's promise to pay by a date pauses the dunning of one
-- item (or, without an item, of all its items) through that date. The store
-- refuses a promise overlapping an active one (same item, or either one
-- customer-wide) under the customer row lock.
CREATE TABLE promises_to_pay (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    installment_id uuid REFERENCES contract_installments (id),
    shipment_id    uuid REFERENCES shipments (id),
    item_id        uuid GENERATED ALWAYS AS (COALESCE(installment_id, shipment_id)) STORED,
    promised_date  date NOT NULL,
    amount         numeric(16, 2) NOT NULL CHECK (amount > 0),
    note           text CHECK (char_length(note) <= 2000),
    created_by     uuid NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    cancelled_at   timestamptz,
    cancelled_by   uuid REFERENCES users (id),
    cancel_reason  text CHECK (char_length(cancel_reason) <= 2000),
    CHECK (installment_id IS NULL OR shipment_id IS NULL),
    CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL))
);
CREATE INDEX promises_to_pay_customer_idx ON promises_to_pay (customer_id, promised_date)
    WHERE cancelled_at IS NULL;

-- REC-6: an open dispute pauses the dunning of its item until it is closed.
CREATE TABLE payment_disputes (
    id             uuid PRIMARY KEY,
    customer_id    uuid NOT NULL REFERENCES customers (id),
    installment_id uuid REFERENCES contract_installments (id),
    shipment_id    uuid REFERENCES shipments (id),
    item_id        uuid GENERATED ALWAYS AS (COALESCE(installment_id, shipment_id)) STORED,
    reason         text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    opened_by      uuid NOT NULL REFERENCES users (id),
    opened_at      timestamptz NOT NULL,
    closed_by      uuid REFERENCES users (id),
    closed_at      timestamptz,
    resolution     text CHECK (char_length(resolution) <= 2000),
    CHECK ((installment_id IS NULL) <> (shipment_id IS NULL)),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX payment_disputes_customer_idx ON payment_disputes (customer_id);
CREATE UNIQUE INDEX payment_disputes_one_open ON payment_disputes (item_id) WHERE closed_at IS NULL;

-- REC-6 "each level at most once": every (item, level) the scan reached,
-- NOTIFIED (its notifications recorded, keys listed) or SKIPPED (a higher
-- level was already due when the scan first saw the item).
CREATE TABLE dunning_steps (
    id                uuid PRIMARY KEY,
    customer_id       uuid NOT NULL REFERENCES customers (id),
    contract_id       uuid REFERENCES contracts (id),
    installment_id    uuid REFERENCES contract_installments (id),
    shipment_id       uuid REFERENCES shipments (id),
    item_id           uuid GENERATED ALWAYS AS (COALESCE(installment_id, shipment_id)) STORED,
    level             smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    status            text NOT NULL CHECK (status IN ('NOTIFIED', 'SKIPPED')),
    reached_on        date NOT NULL,
    days_overdue      integer NOT NULL,
    open_amount       numeric(16, 2) NOT NULL,
    notification_keys text[] NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL,
    CHECK ((installment_id IS NULL) <> (shipment_id IS NULL)),
    UNIQUE (item_id, level)
);
CREATE INDEX dunning_steps_customer_idx ON dunning_steps (customer_id);

-- RISK-1 interface: a HIGH bad-debt risk signalled by dunning L4, once per
-- item. The risk register (RISK-1) will open its register entry from here.
CREATE TABLE risk_signals (
    id          uuid PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id),
    contract_id uuid REFERENCES contracts (id),
    item_id     uuid NOT NULL UNIQUE,
    category    text NOT NULL CHECK (category IN ('BAD_DEBT')),
    level       text NOT NULL CHECK (level IN ('LOW', 'MEDIUM', 'HIGH')),
    source      text NOT NULL CHECK (char_length(source) BETWEEN 1 AND 40),
    detail      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);
CREATE INDEX risk_signals_customer_idx ON risk_signals (customer_id);
