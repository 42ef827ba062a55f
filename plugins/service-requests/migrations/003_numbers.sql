-- A request's number was its id, shared by every tenant (one tenant's requests were 12–14, the
-- next of another was 15). Each tenant now numbers its own, in core's tenant_counters (series
-- 'service-requests'). Requests filed before keep the number their customers were told and
-- emailed (their id, unique already), and each tenant's series goes on from its highest.
ALTER TABLE service_requests ADD COLUMN number integer;
UPDATE service_requests SET number = id;
ALTER TABLE service_requests
  ALTER COLUMN number SET NOT NULL,
  ADD CONSTRAINT service_requests_tenant_number UNIQUE (tenant_id, number);
INSERT INTO tenant_counters (tenant_id, series, last_number)
  SELECT tenant_id, 'service-requests', max(number) FROM service_requests GROUP BY tenant_id;
