-- CON-1..9: contracts with their payment plan and review, orders and their
-- shipments, project milestones, acceptance and after-sales requests.
-- Amounts are numeric(16, 2) (cents), quantities numeric(14, 3).

-- REC-8 interface: the receivables work sets and lifts the hold (REC-6/7);
-- contracts and orders read it.
ALTER TABLE customers ADD COLUMN credit_hold_since timestamptz;

-- CON-1: gapless yearly numbering. The row of a year is locked by the
-- transaction that takes the next number, so concurrent creators queue and
-- a rolled-back creation gives its number back.
CREATE TABLE contract_number_counters (
    year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last integer NOT NULL CHECK (last >= 0)
);

CREATE TABLE contracts (
    id                    uuid PRIMARY KEY,
    -- HT-<year>-<4+ digits>, from contract_number_counters.
    number                text NOT NULL UNIQUE CHECK (number ~ '^HT-[0-9]{4}-[0-9]{4,}$'),
    number_year           integer NOT NULL,
    number_seq            integer NOT NULL CHECK (number_seq >= 1),
    customer_id           uuid NOT NULL REFERENCES customers (id),
    opportunity_id        uuid REFERENCES opportunities (id),
    quote_id              uuid REFERENCES quotes (id),
    title                 text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    -- ORG-3: the owner (the opportunity's owner, or the customer's) and
    -- their unit, so the scope predicate is an indexed equality.
    owner_id              uuid NOT NULL REFERENCES users (id),
    owner_unit_id         uuid NOT NULL REFERENCES org_units (id),
    -- Parties as they stand in the document.
    customer_party        text NOT NULL CHECK (char_length(customer_party) BETWEEN 1 AND 200),
    our_party             text NOT NULL CHECK (char_length(our_party) BETWEEN 1 AND 200),
    amount                numeric(16, 2) NOT NULL CHECK (amount > 0),
    currency              text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
    start_date            date,
    end_date              date,
    payment_method        text NOT NULL DEFAULT 'BANK_TRANSFER'
                          CHECK (payment_method IN ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'CASH', 'OTHER')),
    -- CON-2: credit period in days; above 90 finance reviews too.
    payment_terms_days    integer NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 3650),
    delivery_terms        text CHECK (char_length(delivery_terms) <= 2000),
    after_sales_terms     text CHECK (char_length(after_sales_terms) <= 2000),
    warranty_months       integer NOT NULL DEFAULT 12 CHECK (warranty_months BETWEEN 0 AND 120),
    status                text NOT NULL DEFAULT 'DRAFT'
                          CHECK (status IN ('DRAFT', 'IN_REVIEW', 'APPROVED', 'SIGNED', 'EXECUTING',
                                            'ACCEPTED', 'CLOSED', 'TERMINATED')),
    -- CON-2 review, fixed at submission.
    needs_finance         boolean NOT NULL DEFAULT false,
    -- REC-8 at submission: outstanding, limit, hold; needs_credit_approval
    -- when the director must approve the excess explicitly.
    credit_check          jsonb,
    needs_credit_approval boolean NOT NULL DEFAULT false,
    submitted_by          uuid REFERENCES users (id),
    submitted_at          timestamptz,
    finance_approved_by   uuid REFERENCES users (id),
    finance_approved_at   timestamptz,
    director_approved_by  uuid REFERENCES users (id),
    director_approved_at  timestamptz,
    credit_approved_by    uuid REFERENCES users (id),
    returned_reason       text CHECK (char_length(returned_reason) <= 2000),
    signed_date           date,
    signed_by             uuid REFERENCES users (id),
    accepted_date         date,
    closed_at             timestamptz,
    terminated_at         timestamptz,
    termination_reason    text CHECK (char_length(termination_reason) <= 2000),
    note                  text CHECK (char_length(note) <= 2000),
    created_by            uuid NOT NULL REFERENCES users (id),
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               integer NOT NULL DEFAULT 1,
    UNIQUE (number_year, number_seq),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK ((status = 'TERMINATED') = (termination_reason IS NOT NULL))
);
CREATE INDEX contracts_customer_idx ON contracts (customer_id, created_at);
CREATE INDEX contracts_owner_idx ON contracts (owner_id, status);
CREATE INDEX contracts_unit_idx ON contracts (owner_unit_id, status);
CREATE INDEX contracts_opportunity_idx ON contracts (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX contracts_created_idx ON contracts (created_at, id);
-- One live contract per accepted quote.
CREATE UNIQUE INDEX contracts_quote_live_idx ON contracts (quote_id)
    WHERE quote_id IS NOT NULL AND status <> 'TERMINATED';

-- CON-1: the payment plan. Either a fixed date, or a milestone that sets
-- the due date when it happens (signing, delivery, acceptance, warranty
-- end) plus offset_days. The store keeps Σ amount = contract amount.
CREATE TABLE contract_installments (
    id          uuid PRIMARY KEY,
    contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    position    integer NOT NULL CHECK (position BETWEEN 1 AND 60),
    label       text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
    amount      numeric(16, 2) NOT NULL CHECK (amount > 0),
    trigger     text NOT NULL DEFAULT 'FIXED_DATE'
                CHECK (trigger IN ('FIXED_DATE', 'SIGNING', 'DELIVERY', 'ACCEPTANCE', 'WARRANTY_END')),
    offset_days integer NOT NULL DEFAULT 0 CHECK (offset_days BETWEEN 0 AND 3650),
    -- Set at creation for FIXED_DATE, when the trigger happens otherwise.
    due_date    date,
    UNIQUE (contract_id, position),
    CHECK (trigger <> 'FIXED_DATE' OR due_date IS NOT NULL)
);
CREATE INDEX contract_installments_due_idx ON contract_installments (due_date) WHERE due_date IS NOT NULL;

-- CON-3: orders (against a contract, or a customer's standalone order).
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    number           text NOT NULL UNIQUE CHECK (char_length(number) BETWEEN 1 AND 40),
    customer_id      uuid NOT NULL REFERENCES customers (id),
    contract_id      uuid REFERENCES contracts (id),
    owner_id         uuid NOT NULL REFERENCES users (id),
    owner_unit_id    uuid NOT NULL REFERENCES org_units (id),
    status           text NOT NULL DEFAULT 'DRAFT'
                     CHECK (status IN ('DRAFT', 'CONFIRMED', 'IN_PRODUCTION', 'READY', 'SHIPPED',
                                       'DELIVERED', 'CANCELLED')),
    required_date    date,
    -- The date promised to the customer, and the current expectation
    -- (CON-4: a slip is expected_date > promised_date).
    promised_date    date,
    expected_date    date,
    delivery_place   text CHECK (char_length(delivery_place) <= 300),
    packaging        text CHECK (char_length(packaging) <= 300),
    shipping_method  text CHECK (char_length(shipping_method) <= 100),
    contact_id       uuid REFERENCES contacts (id),
    total_amount     numeric(16, 2) NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    currency         text NOT NULL DEFAULT 'CNY' CHECK (currency ~ '^[A-Z]{3}$'),
    confirmed_by     uuid REFERENCES users (id),
    confirmed_at     timestamptz,
    delivered_at     timestamptz,
    cancelled_reason text CHECK (char_length(cancelled_reason) <= 2000),
    note             text CHECK (char_length(note) <= 2000),
    created_by       uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          integer NOT NULL DEFAULT 1
);
CREATE INDEX orders_customer_idx ON orders (customer_id, status);
CREATE INDEX orders_contract_idx ON orders (contract_id) WHERE contract_id IS NOT NULL;
CREATE INDEX orders_owner_idx ON orders (owner_id, status);
CREATE INDEX orders_unit_idx ON orders (owner_unit_id, status);
CREATE INDEX orders_created_idx ON orders (created_at, id);
CREATE INDEX orders_expected_idx ON orders (expected_date)
    WHERE status IN ('CONFIRMED', 'IN_PRODUCTION', 'READY', 'SHIPPED');

CREATE TABLE order_lines (
    id           uuid PRIMARY KEY,
    order_id     uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position     integer NOT NULL CHECK (position BETWEEN 1 AND 200),
    product      text NOT NULL CHECK (char_length(product) BETWEEN 1 AND 200),
    quantity     numeric(14, 3) NOT NULL CHECK (quantity > 0),
    unit_price   numeric(16, 2) NOT NULL CHECK (unit_price >= 0),
    -- Σ shipped quantities, kept by the shipment store under the order lock.
    shipped_qty  numeric(14, 3) NOT NULL DEFAULT 0 CHECK (shipped_qty >= 0 AND shipped_qty <= quantity),
    UNIQUE (order_id, position)
);

-- CON-5: the shipment register (发送登记簿).
CREATE TABLE shipments (
    id            uuid PRIMARY KEY,
    number        text NOT NULL UNIQUE CHECK (char_length(number) BETWEEN 1 AND 40),
    order_id      uuid NOT NULL REFERENCES orders (id),
    shipped_date  date NOT NULL,
    carrier       text CHECK (char_length(carrier) <= 100),
    tracking_no   text CHECK (char_length(tracking_no) <= 100),
    -- Σ shipped quantity × unit price: the sale the delivery note posts
    -- (REC-1, posted by the receivables work).
    amount        numeric(16, 2) NOT NULL CHECK (amount >= 0),
    delivered_date date,
    note          text CHECK (char_length(note) <= 2000),
    created_by    uuid NOT NULL REFERENCES users (id),
    created_at    timestamptz NOT NULL
);
CREATE INDEX shipments_order_idx ON shipments (order_id, shipped_date);
CREATE INDEX shipments_date_idx ON shipments (shipped_date);

CREATE TABLE shipment_lines (
    shipment_id   uuid NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
    order_line_id uuid NOT NULL REFERENCES order_lines (id),
    quantity      numeric(14, 3) NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, order_line_id)
);

-- CON-6: project milestones of a contract.
CREATE TABLE contract_milestones (
    id           uuid PRIMARY KEY,
    contract_id  uuid NOT NULL REFERENCES contracts (id),
    position     integer NOT NULL CHECK (position BETWEEN 1 AND 100),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    planned_date date NOT NULL,
    actual_date  date,
    percent_done smallint NOT NULL DEFAULT 0 CHECK (percent_done BETWEEN 0 AND 100),
    note         text CHECK (char_length(note) <= 2000),
    updated_at   timestamptz NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    UNIQUE (contract_id, position),
    CHECK ((actual_date IS NULL) OR percent_done = 100)
);
-- CON-6 overdue scan: open milestones by planned date.
CREATE INDEX contract_milestones_open_idx ON contract_milestones (planned_date) WHERE actual_date IS NULL;

-- CON-7: acceptance (验收). At most one PASSED per contract.
CREATE TABLE contract_acceptances (
    id          uuid PRIMARY KEY,
    contract_id uuid NOT NULL REFERENCES contracts (id),
    accepted_on date NOT NULL,
    result      text NOT NULL CHECK (result IN ('PASSED', 'FAILED')),
    report      text NOT NULL CHECK (char_length(report) BETWEEN 1 AND 10000),
    issues      text CHECK (char_length(issues) <= 10000),
    recorded_by uuid NOT NULL REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    CHECK (result = 'PASSED' OR issues IS NOT NULL)
);
CREATE INDEX contract_acceptances_contract_idx ON contract_acceptances (contract_id, recorded_at);
CREATE UNIQUE INDEX contract_acceptances_passed_idx ON contract_acceptances (contract_id) WHERE result = 'PASSED';

-- CON-9: after-sales requests.
CREATE TABLE after_sales_requests (
    id               uuid PRIMARY KEY,
    customer_id      uuid NOT NULL REFERENCES customers (id),
    contract_id      uuid REFERENCES contracts (id),
    owner_id         uuid NOT NULL REFERENCES users (id),
    owner_unit_id    uuid NOT NULL REFERENCES org_units (id),
    subject          text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
    description      text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 10000),
    priority         text NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('URGENT', 'HIGH', 'NORMAL', 'LOW')),
    status           text NOT NULL DEFAULT 'OPEN'
                     CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')),
    -- Fast response: respond by this time (from the priority).
    respond_by       timestamptz NOT NULL,
    responded_at     timestamptz,
    handling         text CHECK (handling IN ('REMOTE', 'ON_SITE')),
    assignee_id      uuid REFERENCES users (id),
    resolution       text CHECK (char_length(resolution) <= 10000),
    resolved_at      timestamptz,
    confirmed_by_customer text CHECK (char_length(confirmed_by_customer) <= 200),
    closed_at        timestamptz,
    created_by       uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    version          integer NOT NULL DEFAULT 1,
    CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX after_sales_customer_idx ON after_sales_requests (customer_id, created_at);
CREATE INDEX after_sales_owner_idx ON after_sales_requests (owner_id, status);
CREATE INDEX after_sales_unit_idx ON after_sales_requests (owner_unit_id, status);
CREATE INDEX after_sales_respond_idx ON after_sales_requests (respond_by) WHERE responded_at IS NULL;
