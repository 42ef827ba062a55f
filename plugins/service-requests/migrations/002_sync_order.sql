-- The provider API lists requests in (updated_at, id) order per tenant to sync what changed.
CREATE INDEX service_requests_tenant_updated ON service_requests (tenant_id, updated_at, id);
-- Status changes written by SQL (closing the other open requests of an account) must show too;
-- the function comes from core's 003_api migration.
CREATE TRIGGER service_requests_touch BEFORE UPDATE ON service_requests FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
