-- The provider API's lists page through changes in (updated_at, id) order per tenant; without
-- these a sync of one tenant walks every tenant's invoices.
CREATE INDEX invoices_tenant_updated ON invoices (tenant_id, updated_at, id);
CREATE INDEX invoice_payments_tenant_updated ON invoice_payments (tenant_id, updated_at, id);

-- Balances and statuses are also changed by SQL (payments settling invoices); `updated_since`
-- must still see those. The function comes from core's 003_api migration.
CREATE TRIGGER invoices_touch BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
CREATE TRIGGER invoice_payments_touch BEFORE UPDATE ON invoice_payments FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
