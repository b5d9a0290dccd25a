-- Issue 20 item 4, retries visible: when a notification first became due
-- (`due_at`, kept through retries and lease recoveries, so the oldest-pending
-- age counts rows waiting in backoff too), and the failed delivery attempts
-- per kind and reason class (a counter across processes and restarts, for
-- `salesd_notification_failed_attempts_total` on /metrics).
ALTER TABLE notifications ADD COLUMN due_at timestamptz;
UPDATE notifications SET due_at = next_attempt_at;
ALTER TABLE notifications ALTER COLUMN due_at SET NOT NULL;

-- Set on insert (the first due time); set afresh when a row that had ended
-- (FAILED, CANCELLED) is made PENDING again (an operator's replay, by the API
-- or by SQL): its wait starts then. Retries and lease recoveries keep it.
CREATE FUNCTION notifications_due_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.due_at := COALESCE(NEW.due_at, NEW.next_attempt_at);
    ELSIF OLD.status IN ('FAILED', 'CANCELLED') AND NEW.status = 'PENDING' THEN
        NEW.due_at := NEW.next_attempt_at;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER notifications_due_at BEFORE INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_due_at();
CREATE TRIGGER notifications_due_at_replay BEFORE UPDATE OF status ON notifications
    FOR EACH ROW WHEN (OLD.status IN ('FAILED', 'CANCELLED') AND NEW.status = 'PENDING')
    EXECUTE FUNCTION notifications_due_at();

CREATE INDEX notifications_pending_due_idx ON notifications (due_at) WHERE status = 'PENDING';

CREATE TABLE notification_failures (
    kind     text NOT NULL,
    reason   text NOT NULL CHECK (reason IN
                 ('smtp_transient', 'connection', 'smtp_permanent', 'suppressed', 'render', 'other')),
    attempts bigint NOT NULL DEFAULT 0,
    last_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, reason)
);
