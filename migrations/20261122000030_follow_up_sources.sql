-- AUTO-1: follow-up tasks also come from approved visit plans whose visit
-- was not logged by its day, and from opportunities not moved for
-- `stalled_opportunity_days`; each source makes one task (source_key).
ALTER TABLE follow_up_tasks
    ADD COLUMN source text NOT NULL DEFAULT 'INTERACTION'
        CHECK (source IN ('INTERACTION', 'PLAN_VISIT', 'STALLED_OPPORTUNITY')),
    ADD COLUMN source_key text CHECK (char_length(source_key) <= 200),
    ADD COLUMN opportunity_id uuid REFERENCES opportunities (id);
CREATE UNIQUE INDEX follow_up_tasks_source_key_idx ON follow_up_tasks (source_key)
    WHERE source_key IS NOT NULL;

INSERT INTO company_settings (key, value) VALUES ('stalled_opportunity_days', '14');
