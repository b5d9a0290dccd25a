-- TGT-1: sales targets per metric, period and scope (docs/targets.md).
-- One row per (metric, period, scope target); the company target has
-- neither unit nor user. Amounts are CNY with 2 places; NEW_CUSTOMERS
-- counts customers, so its amount is a whole number.
CREATE TABLE targets (
    id          uuid PRIMARY KEY,
    metric      text NOT NULL
                CHECK (metric IN ('SIGNED_REVENUE', 'COLLECTIONS', 'GROSS_PROFIT', 'NEW_CUSTOMERS')),
    period_kind text NOT NULL CHECK (period_kind IN ('YEAR', 'QUARTER', 'MONTH')),
    year        integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    period_no   integer NOT NULL,
    scope       text NOT NULL CHECK (scope IN ('COMPANY', 'UNIT', 'USER')),
    unit_id     uuid REFERENCES org_units (id),
    user_id     uuid REFERENCES users (id),
    amount      numeric(16, 2) NOT NULL CHECK (amount >= 0),
    version     integer NOT NULL DEFAULT 1,
    created_by  uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL,
    updated_by  uuid REFERENCES users (id),
    updated_at  timestamptz NOT NULL,
    CHECK ((period_kind = 'YEAR' AND period_no = 1)
        OR (period_kind = 'QUARTER' AND period_no BETWEEN 1 AND 4)
        OR (period_kind = 'MONTH' AND period_no BETWEEN 1 AND 12)),
    CHECK ((scope = 'COMPANY' AND unit_id IS NULL AND user_id IS NULL)
        OR (scope = 'UNIT' AND unit_id IS NOT NULL AND user_id IS NULL)
        OR (scope = 'USER' AND user_id IS NOT NULL AND unit_id IS NULL)),
    CHECK (metric <> 'NEW_CUSTOMERS' OR amount = trunc(amount)),
    CONSTRAINT targets_one_per_key
        UNIQUE NULLS NOT DISTINCT (metric, period_kind, year, period_no, scope, unit_id, user_id)
);
CREATE INDEX targets_year_idx ON targets (year, metric);
CREATE INDEX targets_unit_idx ON targets (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX targets_user_idx ON targets (user_id) WHERE user_id IS NOT NULL;

-- TGT-2 attainment reads signed contracts by signing date.
CREATE INDEX contracts_signed_date_idx ON contracts (signed_date) WHERE signed_date IS NOT NULL;
-- ... and receipts allocated to items by entry date.
CREATE INDEX ledger_collections_idx ON ledger_entries (entry_date)
    WHERE kind IN ('RECEIPT', 'CREDIT_APPLIED') AND item_id IS NOT NULL;
