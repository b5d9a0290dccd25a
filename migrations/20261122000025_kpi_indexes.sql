-- KPI-1 (docs/kpis.md, "Indexes"): the customer-portfolio KPIs read the
-- activity, complaints and surveys of a period for thousands of people at
-- once; these let the planner start from the period's rows (a range scan)
-- and hash-join them to the people's customers, instead of probing every
-- customer's history.
CREATE INDEX interactions_occurred_idx ON interactions (occurred_at);
CREATE INDEX receipts_received_idx ON receipts (received_on) WHERE reversed_at IS NULL;
CREATE INDEX complaints_received_idx ON complaints (received_at);
CREATE INDEX satisfaction_surveys_surveyed_idx ON satisfaction_surveys (surveyed_on);
