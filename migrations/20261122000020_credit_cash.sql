-- REC-8 credit exposure (no schema: customers.credit_limit, credit_rating
-- and credit_hold_since exist) and REC-9 money collected in person by a
-- rep (外欠款三个月内上交): who collected it and when, and when it was
-- handed over to finance and to whom (docs/receivables.md).

-- REC-9 names cheques (支票) among the ways money is collected in person.
ALTER TABLE receipts DROP CONSTRAINT receipts_method_check;
ALTER TABLE receipts ADD CONSTRAINT receipts_method_check
    CHECK (method IN ('BANK_TRANSFER', 'ACCEPTANCE_BILL', 'CASH', 'CHEQUE', 'OTHER'));

-- collected_on is the receipt's received_on (the customer paid the day the
-- rep took the money); handed_over_to is the finance user who recorded the
-- handover.
ALTER TABLE receipts
    ADD COLUMN collected_by   uuid REFERENCES users (id),
    ADD COLUMN collected_on   date,
    ADD COLUMN handed_over_on date,
    ADD COLUMN handed_over_to uuid REFERENCES users (id),
    ADD CONSTRAINT receipts_collected_check
        CHECK ((collected_by IS NULL) = (collected_on IS NULL)),
    ADD CONSTRAINT receipts_collected_on_check
        CHECK (collected_on IS NULL OR collected_on = received_on),
    ADD CONSTRAINT receipts_collected_method_check
        CHECK (collected_by IS NULL OR method IN ('CASH', 'CHEQUE', 'ACCEPTANCE_BILL')),
    ADD CONSTRAINT receipts_handed_over_check
        CHECK ((handed_over_on IS NULL) = (handed_over_to IS NULL)),
    ADD CONSTRAINT receipts_handover_after_collection_check
        CHECK (handed_over_on IS NULL OR (collected_on IS NOT NULL AND handed_over_on >= collected_on));

-- The daily cash_handover scan and pendingCashHandovers: money collected in
-- person, not handed over, not reversed.
CREATE INDEX receipts_pending_handover_idx ON receipts (collected_on)
    WHERE collected_by IS NOT NULL AND handed_over_on IS NULL AND reversed_at IS NULL;
