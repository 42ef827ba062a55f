-- Bulk-imported invoices whose "new invoice" email is still to be queued (setting notifyImported).
-- The import only adds a row here, so a monthly load stays as fast as before; the notify-imported
-- job queues each email and deletes the row in one transaction, so it goes out exactly once.
-- A table of its own rather than a flag on invoices: clearing a flag would touch updated_at and
-- make every imported invoice show up again in the provider's `updated_since` sync.
CREATE TABLE invoice_pending_notices (
  invoice_id integer PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
  tenant_id varchar(64) NOT NULL,
  -- Failed tries; a failing invoice goes behind the others instead of blocking them.
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_pending_notices_next ON invoice_pending_notices (tenant_id, attempts, invoice_id);
