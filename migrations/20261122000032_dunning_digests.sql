-- REC-6 letters per customer and daily digests (issue 14 item 15): a step's
-- notification_keys name the customer's notice of the day
-- (dunning:{customer}:L{n}:{day}:contact:{contact}) and each person's digest
-- (dunning_digest:{day}:{user}); the digests are made at the end of a
-- run from the steps of recent days whose digest is not in the outbox yet.
CREATE INDEX dunning_steps_reached_idx ON dunning_steps (reached_on);
