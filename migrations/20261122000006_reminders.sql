-- TGT-5: the company calendar. Monday to Friday are working days unless a
-- row here says otherwise: a holiday on a weekday (working = false) or a
-- make-up working day (调休) on a weekend (working = true).
CREATE TABLE business_calendar (
    day        date PRIMARY KEY,
    working    boolean NOT NULL,
    name       text CHECK (char_length(name) <= 100),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- AUTO-6: addresses a mail server refused for good (550/551/553). Nothing
-- is sent to them again until an operator removes the row.
CREATE TABLE email_suppressions (
    address         text PRIMARY KEY CHECK (address = lower(address) AND char_length(address) <= 254),
    reason          text NOT NULL CHECK (char_length(reason) <= 2000),
    notification_id uuid REFERENCES notifications (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL
);

-- AUTO-1/2, CUS-4, CUS-7: the daily scans record that they finished for a
-- company day, so the per-minute tick does not repeat a full scan. Running
-- one twice is harmless (every notification is keyed); this only saves work.
CREATE TABLE scan_runs (
    kind        text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 40),
    day         date NOT NULL,
    finished_at timestamptz NOT NULL,
    found       integer NOT NULL,
    created     integer NOT NULL,
    PRIMARY KEY (kind, day)
);

-- Outbox statistics per kind and status (AUTO-7).
CREATE INDEX notifications_kind_status_idx ON notifications (kind, status);
