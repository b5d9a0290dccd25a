-- CUS-5/CUS-6 (slice B): the latest qualifying interactions kept on the
-- customer row, so "next revisit due" and the overdue list are computed from
-- indexed columns. Two columns because STRATEGIC customers only count
-- face-to-face contact (VISIT, MEETING) while the others count every kind
-- except OTHER (docs/customers.md, "Revisits"); keeping both makes a later
-- change of grade exact without re-reading the interactions.
ALTER TABLE customers
    ADD COLUMN last_revisit_at      timestamptz,
    ADD COLUMN last_face_to_face_at timestamptz;

-- Maintained by a trigger so every writer of interactions (logInteraction,
-- the demo generator, imports) keeps them right, in the same transaction.
CREATE FUNCTION interactions_touch_customer() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customers SET
        last_interaction_at = greatest(last_interaction_at, NEW.occurred_at),
        last_revisit_at = CASE WHEN NEW.kind <> 'OTHER'
            THEN greatest(last_revisit_at, NEW.occurred_at) ELSE last_revisit_at END,
        last_face_to_face_at = CASE WHEN NEW.kind IN ('VISIT', 'MEETING')
            THEN greatest(last_face_to_face_at, NEW.occurred_at) ELSE last_face_to_face_at END
    WHERE id = NEW.customer_id;
    RETURN NEW;
END $$;
CREATE TRIGGER interactions_touch_customer AFTER INSERT ON interactions
    FOR EACH ROW EXECUTE FUNCTION interactions_touch_customer();

UPDATE customers c SET
    last_revisit_at = (SELECT max(occurred_at) FROM interactions i WHERE i.customer_id = c.id AND i.kind <> 'OTHER'),
    last_face_to_face_at = (SELECT max(occurred_at) FROM interactions i WHERE i.customer_id = c.id AND i.kind IN ('VISIT', 'MEETING'));

-- overdueRevisits: one range scan per (grade, tier) branch of the OR.
CREATE INDEX customers_revisit_due_idx ON customers (grade, tier, (coalesce(last_revisit_at, created_at)))
    WHERE owner_id IS NOT NULL AND grade <> 'STRATEGIC';
CREATE INDEX customers_revisit_f2f_due_idx ON customers (tier, (coalesce(last_face_to_face_at, created_at)))
    WHERE owner_id IS NOT NULL AND grade = 'STRATEGIC';
CREATE INDEX follow_up_tasks_interaction_idx ON follow_up_tasks (interaction_id);
