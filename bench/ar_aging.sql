-- REC-3 arAging: the statements domain/src/receivables/reports.rs::aging
-- issues (scripts/bench-receivables.sh substitutes :as_of, :key, :scope).
-- items
SELECT :key AS key, CASE WHEN ri.due_date >= :as_of::date THEN 0 WHEN ri.due_date >= :as_of::date - 30 THEN 1
       WHEN ri.due_date >= :as_of::date - 60 THEN 2 WHEN ri.due_date >= :as_of::date - 90 THEN 3
       WHEN ri.due_date >= :as_of::date - 180 THEN 4 ELSE 5 END::int4 AS bucket, SUM(ri.open_amount)
  FROM receivable_items ri WHERE ri.open_amount <> 0:scope GROUP BY 1, 2
-- end
-- items of an earlier day (entries dated after it exist: sums the ledger)
SELECT :key AS key, CASE WHEN ri.due_date >= :as_of::date THEN 0 WHEN ri.due_date >= :as_of::date - 30 THEN 1
       WHEN ri.due_date >= :as_of::date - 60 THEN 2 WHEN ri.due_date >= :as_of::date - 90 THEN 3
       WHEN ri.due_date >= :as_of::date - 180 THEN 4 ELSE 5 END::int4 AS bucket, SUM(o.open) FROM (
    SELECT item_id, SUM(amount) AS open FROM ledger_entries
     WHERE item_id IS NOT NULL AND entry_date <= :as_of
     GROUP BY item_id HAVING SUM(amount) <> 0) o
  JOIN receivable_items ri ON ri.id = o.item_id WHERE TRUE:scope GROUP BY 1, 2
-- end
-- credit
SELECT :key AS key, -SUM(le.amount) FROM ledger_entries le
  JOIN customers cu ON cu.id = le.customer_id
 WHERE le.item_id IS NULL AND le.entry_date <= :as_of:scope
 GROUP BY :key HAVING SUM(le.amount) <> 0
-- end
