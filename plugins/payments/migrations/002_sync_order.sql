-- The provider API lists payments and reports in (updated_at, id) order per tenant to sync what
-- changed. A report changes once, when it is decided; its time so far is that or its creation.
ALTER TABLE payments_reports ADD COLUMN updated_at timestamptz;
UPDATE payments_reports SET updated_at = COALESCE(reviewed_at, created_at);
ALTER TABLE payments_reports ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();

-- Status moves are written by SQL (gateway notifications, decisions); the touch trigger (core's
-- 003_api migration) keeps updated_at honest without every UPDATE remembering it.
CREATE TRIGGER payments_payments_touch BEFORE UPDATE ON payments_payments FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
CREATE TRIGGER payments_reports_touch BEFORE UPDATE ON payments_reports FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();

CREATE INDEX payments_payments_tenant_updated ON payments_payments (tenant_id, updated_at, id);
CREATE INDEX payments_reports_tenant_updated ON payments_reports (tenant_id, updated_at, id);
