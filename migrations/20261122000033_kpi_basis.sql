-- KPI-2 (clarified): a KPI line is measured on the person's own facts or on
-- their unit's (OWN / UNIT; supervisors and managers on their unit by
-- default), and a KPI with no data for the person (no denominator) is left
-- out with the other weights renormalised to 100, never scored by default
-- (docs/assessments.md "Scoring").
ALTER TABLE assessment_scheme_kpis
    ADD COLUMN basis text NOT NULL DEFAULT 'OWN' CHECK (basis IN ('OWN', 'UNIT'));

-- The supervisor and manager schemes measured the head's own facts, which a
-- head rarely has: they measure their unit now.
UPDATE assessment_scheme_kpis k SET basis = 'UNIT'
  FROM assessment_schemes s
 WHERE s.id = k.scheme_id AND s.role IN ('SUPERVISOR', 'SALES_MANAGER');

-- Per KPI of a result: its basis, whether it was left out for want of data,
-- and the weight it counted with (renormalised; NULL when left out).
ALTER TABLE assessment_kpis
    ADD COLUMN basis            text NOT NULL DEFAULT 'OWN' CHECK (basis IN ('OWN', 'UNIT')),
    ADD COLUMN excluded         boolean NOT NULL DEFAULT false,
    ADD COLUMN effective_weight numeric(7, 4);

-- A result none of whose KPIs had data has no total to grade: grade NULL,
-- assessable false (total 0.00, ranked after the others).
ALTER TABLE assessment_results
    ALTER COLUMN grade DROP NOT NULL,
    ADD COLUMN assessable boolean NOT NULL DEFAULT true,
    -- Some KPI was left out and the others' weights renormalised.
    ADD COLUMN renormalised boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT assessment_results_grade_when_assessable
        CHECK ((grade IS NULL) = (NOT assessable));
