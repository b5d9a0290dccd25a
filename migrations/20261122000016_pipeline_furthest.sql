-- PIP-8: the furthest stage each opportunity ever reached along the line
-- (EVALUATION 1 … WON 7; LOST is off the line), kept with the row so the
-- conversion rates of `pipelineSummary` are one pass over opportunities
-- instead of an aggregate over their whole stage history (BENCHMARKS.md).
-- Derived from opportunity_stage_history by a statement trigger, so every
-- writer (the stores, the demo generator's bulk inserts) keeps it in step.

ALTER TABLE opportunities
    ADD COLUMN furthest_stage smallint NOT NULL DEFAULT 1 CHECK (furthest_stage BETWEEN 1 AND 7);

UPDATE opportunities o SET furthest_stage = h.f
FROM (SELECT opportunity_id,
             max(array_position(ARRAY['EVALUATION', 'INITIATION', 'REQUIREMENTS', 'PROPOSAL',
                                      'NEGOTIATION', 'CONTRACT', 'WON'], to_stage)) AS f
      FROM opportunity_stage_history GROUP BY opportunity_id) h
WHERE h.opportunity_id = o.id AND h.f IS NOT NULL AND h.f <> o.furthest_stage;

CREATE FUNCTION opportunity_furthest_stage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE opportunities o SET furthest_stage = n.f
    FROM (SELECT opportunity_id,
                 max(array_position(ARRAY['EVALUATION', 'INITIATION', 'REQUIREMENTS', 'PROPOSAL',
                                          'NEGOTIATION', 'CONTRACT', 'WON'], to_stage)) AS f
          FROM new_rows GROUP BY opportunity_id) n
    WHERE o.id = n.opportunity_id AND n.f > o.furthest_stage;
    RETURN NULL;
END
$$;

CREATE TRIGGER opportunity_stage_history_furthest
    AFTER INSERT ON opportunity_stage_history
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION opportunity_furthest_stage();
