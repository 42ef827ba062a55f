-- Each movement carries exactly one of its keys: invoice movements (nearly all rows) have only
-- invoice_id, payment movements only payment_id, other movements only the provider's id. The
-- UNIQUE constraints of 001 still stored an entry for every NULL, so a new invoice paid for two
-- index entries it can never conflict on (about 0.3 s of a 200k-row import). Partial indexes keep
-- only the rows each key constrains; upserts name the same predicate in ON CONFLICT.
CREATE UNIQUE INDEX account_movements_external_key ON account_movements (tenant_id, external_id) WHERE external_id IS NOT NULL;
ALTER TABLE account_movements DROP CONSTRAINT account_movements_external;
CREATE UNIQUE INDEX account_movements_payment_key ON account_movements (payment_id) WHERE payment_id IS NOT NULL;
ALTER TABLE account_movements DROP CONSTRAINT account_movements_payment;
