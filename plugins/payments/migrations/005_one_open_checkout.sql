-- An invoice may be in at most one open checkout (created or pending): a second click, a second
-- tab or a "pay all" over a single-invoice checkout must not send the customer to pay it twice.
-- `open` copies the payment's status onto its lines so a partial UNIQUE index can hold the rule
-- in the database, where concurrent requests cannot both pass it. Statuses only move forward, so
-- a line once closed never opens again; the trigger closes it whatever UPDATE moves the status.
ALTER TABLE payments_payment_invoices ADD COLUMN open boolean NOT NULL DEFAULT true;
UPDATE payments_payment_invoices l SET open = false
  FROM payments_payments p WHERE p.id = l.payment_id AND p.status NOT IN ('created', 'pending');
-- Checkouts opened twice before this rule: the newest stays open, the older ones stay as they are
-- (the gateway may still approve them; approval then credits what the invoice no longer owes).
UPDATE payments_payment_invoices l SET open = false
  WHERE open AND EXISTS (SELECT 1 FROM payments_payment_invoices n
                         WHERE n.open AND n.tenant_id = l.tenant_id AND n.invoice_id = l.invoice_id AND n.payment_id > l.payment_id);
CREATE UNIQUE INDEX payments_payment_invoices_one_open ON payments_payment_invoices (tenant_id, invoice_id) WHERE open;

CREATE FUNCTION payments_close_checkout_lines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE payments_payment_invoices SET open = false WHERE payment_id = NEW.id AND open;
  RETURN NULL;
END
$$;
CREATE TRIGGER payments_payments_close_lines AFTER UPDATE OF status ON payments_payments FOR EACH ROW
  WHEN (NEW.status NOT IN ('created', 'pending')) EXECUTE FUNCTION payments_close_checkout_lines();

-- Where the customer was sent to pay, so a second click on the same payment goes back there.
ALTER TABLE payments_payments ADD COLUMN checkout_url varchar(2048);

-- What approval put on each invoice: at most what the invoice still owed then. The rest of the
-- money (an invoice already paid by another checkout, a late approval, a cancelled invoice) is
-- recorded on account as credit and kept in `overpaid`, which billing sees and may refund.
ALTER TABLE payments_payment_invoices ADD COLUMN applied numeric(14,2) CHECK (applied >= 0 AND applied <= amount);
ALTER TABLE payments_payments ADD COLUMN overpaid numeric(14,2) CHECK (overpaid > 0);
CREATE INDEX payments_payments_overpaid ON payments_payments (tenant_id, paid_at DESC) WHERE overpaid IS NOT NULL;
