-- REC-8: "0 = no limit" silently switched credit control off. A limit is
-- now an amount set for the customer (0 is no credit), "no limit" set
-- explicitly (credit_unlimited), or, when neither is set, the company
-- default for the customer's grade (setting credit_limit_defaults).
ALTER TABLE customers
    ALTER COLUMN credit_limit DROP NOT NULL,
    ALTER COLUMN credit_limit DROP DEFAULT,
    ADD COLUMN credit_unlimited boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT customers_credit_limit_or_unlimited
        CHECK (NOT (credit_unlimited AND credit_limit IS NOT NULL));
-- A 0 was "none set": from now on the grade default applies to it.
UPDATE customers SET credit_limit = NULL WHERE credit_limit = 0;

INSERT INTO company_settings (key, value) VALUES
    ('credit_limit_defaults', '{"STRATEGIC": "5000000.00", "IMPORTANT": "2000000.00", "GENERAL": "500000.00"}');
