-- AUTO-6 in-app inbox and outbox administration.
--
-- The inbox of a user is their INBOX rows that are SENT and visible
-- (`sent_at <= now`), listed unread first, then newest first. This index
-- serves that order as one range scan per page (keyset on
-- `(read_at IS NULL, sent_at, id)`), and the unread count.
CREATE INDEX notifications_inbox_order_idx
    ON notifications (recipient_user_id, (read_at IS NULL) DESC, sent_at DESC, id DESC)
    WHERE channel = 'INBOX' AND status = 'SENT';

-- The operators' list of the outbox, newest first, optionally by status.
CREATE INDEX notifications_admin_idx ON notifications (created_at DESC, id DESC);
CREATE INDEX notifications_status_admin_idx ON notifications (status, created_at DESC, id DESC);
