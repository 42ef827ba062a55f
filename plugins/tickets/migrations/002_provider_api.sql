-- The provider API lists tickets in change order (`updated_since`, cursor).
CREATE INDEX tickets_tenant_updated ON tickets (tenant_id, updated_at, id);

-- A reply the provider's own system sent through the API: no operator wrote it, so it names the
-- key that sent it and the name it signs with (null: the support team). Keys are revoked, never
-- deleted, so the message keeps where it came from.
ALTER TABLE tickets_messages ADD COLUMN api_key_id integer REFERENCES api_keys (id);
ALTER TABLE tickets_messages ADD COLUMN author_name varchar(100);
ALTER TABLE tickets_messages ADD CONSTRAINT tickets_messages_api_reply
  CHECK (api_key_id IS NULL OR (kind = 'staff' AND staff_id IS NULL AND customer_id IS NULL));
