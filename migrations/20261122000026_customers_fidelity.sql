-- CUS-4: a change of owner starts a fresh idle period, so the idle time
-- counts from the latest of the last interaction, the day the owner got the
-- customer, and its creation (GREATEST ignores NULLs).
DROP INDEX customers_pool_reclaim_idx;
CREATE INDEX customers_pool_idle_idx ON customers ((GREATEST(last_interaction_at, owned_since, created_at)), id)
    WHERE owner_id IS NOT NULL AND NOT key_account AND grade <> 'STRATEGIC';

-- CUS-6: every key account (the flag, whatever its grade) is revisited face
-- to face, like a STRATEGIC customer. The revisit scans branch per (grade,
-- tier, key account); each branch reads one of these two indexes.
DROP INDEX customers_revisit_due_idx;
DROP INDEX customers_revisit_f2f_due_idx;
CREATE INDEX customers_revisit_due_idx ON customers (grade, tier, (coalesce(last_revisit_at, created_at)))
    WHERE owner_id IS NOT NULL AND grade <> 'STRATEGIC' AND NOT key_account;
CREATE INDEX customers_revisit_f2f_due_idx ON customers (grade, tier, (coalesce(last_face_to_face_at, created_at)))
    WHERE owner_id IS NOT NULL AND (grade = 'STRATEGIC' OR key_account);
UPDATE company_settings SET value = value || '{"key_account": 30}'
 WHERE key = 'revisit_interval_days' AND NOT value ? 'key_account';

-- CUS-7: Spring Festival, Mid-Autumn and National Day are computed for any
-- year (customers::festivals); `care_festivals` says which are greeted.
-- The per-year table seeded with the three for 2026 and 2027 is emptied
-- when it is still the seed; `care_holidays` keeps the company's own days.
INSERT INTO company_settings (key, value)
VALUES ('care_festivals', '["SPRING_FESTIVAL", "MID_AUTUMN", "NATIONAL_DAY"]');
UPDATE company_settings SET value = '{}'
 WHERE key = 'care_holidays'
   AND value = '{"2026": [{"name": "春节", "date": "2026-02-17"}, {"name": "中秋节", "date": "2026-09-25"}, {"name": "国庆节", "date": "2026-10-01"}], "2027": [{"name": "春节", "date": "2027-02-06"}, {"name": "中秋节", "date": "2027-09-15"}, {"name": "国庆节", "date": "2027-10-01"}]}'::jsonb;
