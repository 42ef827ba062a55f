-- A refund an operator started in the back office: who, why, when and the gateway's id of it, for
-- the payment's page. A refund made on the gateway's own dashboard reaches us as a status only,
-- so these stay empty for it.
ALTER TABLE payments_payments
  ADD COLUMN refund_id varchar(128),
  ADD COLUMN refund_reason varchar(500),
  ADD COLUMN refunded_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  ADD COLUMN refunded_at timestamptz;

-- Customers quote the gateway's operation number ("n.º de operación"), so the back office finds
-- payments by it too.
CREATE INDEX payments_payments_gateway_payment ON payments_payments (tenant_id, gateway_payment_id) WHERE gateway_payment_id IS NOT NULL;

-- The sandbox gives money back as well, so a refund can be shown without a real gateway.
ALTER TABLE payments_sandbox_charges DROP CONSTRAINT payments_sandbox_charges_status_check;
ALTER TABLE payments_sandbox_charges ADD CONSTRAINT payments_sandbox_charges_status_check
  CHECK (status IN ('open', 'approved', 'rejected', 'pending', 'refunded'));
