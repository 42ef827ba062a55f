-- The provider API lists agreements in (updated_at, id) order so a billing system can sync the
-- decisions and the instalments it must charge. Until now an agreement changed when decided.
ALTER TABLE payments_agreements ADD COLUMN updated_at timestamptz;
UPDATE payments_agreements SET updated_at = COALESCE(reviewed_at, created_at);
ALTER TABLE payments_agreements ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();
CREATE TRIGGER payments_agreements_touch BEFORE UPDATE ON payments_agreements FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
CREATE INDEX payments_agreements_tenant_updated ON payments_agreements (tenant_id, updated_at, id);
