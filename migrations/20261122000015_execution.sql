-- CON-6, CON-7, CON-9: settings and indexes of project execution.

-- CON-9 fast response (快速响应): hours from the request to the first
-- response, per priority. Validated by execution::validate_response_hours.
INSERT INTO company_settings (key, value) VALUES
    ('after_sales_response_hours', '{"URGENT": 4, "HIGH": 8, "NORMAL": 24, "LOW": 72}')
ON CONFLICT (key) DO NOTHING;

-- CON-9 lists: newest first, and per contract.
CREATE INDEX after_sales_created_idx ON after_sales_requests (created_at, id);
CREATE INDEX after_sales_contract_idx ON after_sales_requests (contract_id) WHERE contract_id IS NOT NULL;

-- CON-9: a resolution the customer did not confirm sends the request back
-- to IN_PROGRESS; the latest reason and the count are kept on the row (the
-- audit log keeps every one).
ALTER TABLE after_sales_requests
    ADD COLUMN reopened_count integer NOT NULL DEFAULT 0 CHECK (reopened_count >= 0),
    ADD COLUMN reopen_reason  text CHECK (char_length(reopen_reason) <= 2000);
