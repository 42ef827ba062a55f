-- The metrics scrape counts what is still queued or given up, per tenant, every few seconds on
-- every node: these keep that count to the unsent rows, however many sent ones pile up.
CREATE INDEX mail_outbox_unsent ON mail_outbox (tenant_id, status) WHERE status IN ('pending', 'failed');
CREATE INDEX api_webhook_deliveries_open ON api_webhook_deliveries (tenant_id, status) WHERE status IN ('pending', 'failed');
