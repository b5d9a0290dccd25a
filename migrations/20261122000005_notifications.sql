-- AUTO-6: the notification outbox. Every notification is recorded here,
-- under a unique deduplication key, before anything is sent; PostgreSQL is
-- the record of what was sent, Redis only carries the work in flight.
CREATE TABLE notifications (
    id                   uuid PRIMARY KEY,
    dedup_key            text NOT NULL CHECK (char_length(dedup_key) BETWEEN 1 AND 300),
    kind                 text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 60),
    channel              text NOT NULL CHECK (channel IN ('EMAIL', 'INBOX')),
    recipient_user_id    uuid REFERENCES users (id),
    recipient_contact_id uuid REFERENCES contacts (id),
    locale               text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
    template             text NOT NULL CHECK (char_length(template) BETWEEN 1 AND 100),
    payload              jsonb NOT NULL DEFAULT '{}',
    status               text NOT NULL DEFAULT 'PENDING'
                         CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'CANCELLED')),
    attempts             integer NOT NULL DEFAULT 0,
    last_error           text,
    next_attempt_at      timestamptz NOT NULL,
    claimed_at           timestamptz,
    claimed_by           text,
    sent_at              timestamptz,
    message_id           text,
    read_at              timestamptz,
    created_at           timestamptz NOT NULL,
    CHECK ((recipient_user_id IS NULL) <> (recipient_contact_id IS NULL))
);
CREATE UNIQUE INDEX notifications_dedup_key ON notifications (dedup_key);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX notifications_sending_idx ON notifications (claimed_at) WHERE status = 'SENDING';
CREATE INDEX notifications_inbox_idx ON notifications (recipient_user_id, created_at DESC, id DESC)
    WHERE channel = 'INBOX';
