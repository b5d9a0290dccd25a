-- CON-3..5 (orders and shipments): gapless yearly numbers for orders
-- (DD-<year>-<5 digits>) and shipments (FH-<year>-<5 digits>), and the
-- recipients of the four-copy order confirmation (一式四份).

-- One row per (kind, year), locked by the transaction that takes the next
-- number: concurrent creators queue and a rolled-back creation gives its
-- number back (same technique as contract_number_counters).
CREATE TABLE order_number_counters (
    kind text NOT NULL CHECK (kind IN ('ORDER', 'SHIPMENT')),
    year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    last integer NOT NULL CHECK (last >= 0),
    PRIMARY KEY (kind, year)
);

-- CON-4 due-soon scan: open orders by promised date.
CREATE INDEX orders_promised_idx ON orders (promised_date)
    WHERE status IN ('CONFIRMED', 'IN_PRODUCTION', 'READY');
CREATE INDEX shipment_lines_line_idx ON shipment_lines (order_line_id);

-- CON-3: who gets a copy of a confirmed order (production, finance, the
-- executive): every active user holding one of `roles`, plus the listed
-- `users` (the production people).
INSERT INTO company_settings (key, value) VALUES
    ('order_confirmation_recipients', '{"roles": ["FINANCE", "GENERAL_MANAGER"], "users": []}');
