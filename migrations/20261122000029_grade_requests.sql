-- CUS-1 grade governance: a rep asks for another grade of a customer; the
-- owner's supervisor or above approves (the customer takes the grade) or
-- returns it with a reason. One pending request per customer.
CREATE TABLE customer_grade_requests (
    id              uuid PRIMARY KEY,
    customer_id     uuid NOT NULL REFERENCES customers (id),
    requested_by    uuid NOT NULL REFERENCES users (id),
    from_grade      text NOT NULL CHECK (from_grade IN ('STRATEGIC', 'IMPORTANT', 'GENERAL')),
    to_grade        text NOT NULL CHECK (to_grade IN ('STRATEGIC', 'IMPORTANT', 'GENERAL')),
    reason          text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'RETURNED')),
    decided_by      uuid REFERENCES users (id),
    decided_at      timestamptz,
    decision_reason text CHECK (char_length(decision_reason) BETWEEN 1 AND 500),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX customer_grade_requests_one_pending ON customer_grade_requests (customer_id)
    WHERE status = 'PENDING';
CREATE INDEX customer_grade_requests_status_idx ON customer_grade_requests (status, created_at);
