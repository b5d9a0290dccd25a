-- One run per scan kind at a time across every worker process (an advisory
-- lock held for the run), and what operators read of each scan: when it
-- last started and finished, how it ended, and how often a tick found it
-- still running and skipped (docs/operations.md).
ALTER TABLE scan_runs ADD COLUMN started_at timestamptz;
UPDATE scan_runs SET started_at = finished_at;
ALTER TABLE scan_runs ALTER COLUMN started_at SET NOT NULL;

CREATE TABLE scan_state (
    kind             text PRIMARY KEY CHECK (char_length(kind) BETWEEN 1 AND 40),
    running_since    timestamptz,
    last_started_at  timestamptz,
    last_finished_at timestamptz,
    last_error       text,
    runs             bigint NOT NULL DEFAULT 0,
    skips            bigint NOT NULL DEFAULT 0,
    last_skipped_at  timestamptz
);
