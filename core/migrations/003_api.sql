-- The provider's integration: its billing system upserts customers, accounts and services by its
-- own ids through the API (and bulk imports), reads back what changed since its last sync, and
-- hears about what customers did through signed webhooks.

-- Customers who registered themselves have no provider id; the ones the provider loads do.
ALTER TABLE customers ADD COLUMN external_id varchar(64);
ALTER TABLE customers ADD CONSTRAINT customers_external UNIQUE (tenant_id, external_id);

-- Services were only written by the demo seed; the API upserts them by the provider's id.
ALTER TABLE account_services ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE account_services ADD CONSTRAINT account_services_external UNIQUE (tenant_id, external_id);

-- `updated_since` syncs must see every change, including ones written by raw SQL that forgot the
-- column; an unchanged row keeps its time, so a provider's nightly full upload is not an update.
CREATE FUNCTION portal_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW IS DISTINCT FROM OLD THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER customers_touch BEFORE UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();
CREATE TRIGGER account_services_touch BEFORE UPDATE ON account_services FOR EACH ROW EXECUTE FUNCTION portal_touch_updated_at();

-- List endpoints page through changes in (updated_at, id) order.
CREATE INDEX customers_tenant_updated ON customers (tenant_id, updated_at, id);
CREATE INDEX accounts_tenant_updated ON accounts (tenant_id, updated_at, id);
CREATE INDEX account_services_tenant_updated ON account_services (tenant_id, updated_at, id);

-- Keys hold 256 random bits, so a SHA-256 of the key is as good as a slow password hash and costs
-- microseconds per call; the prefix is shown so people can tell keys apart without the secret.
CREATE TABLE api_keys (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  name varchar(100) NOT NULL,
  prefix varchar(16) NOT NULL,
  key_hash char(64) NOT NULL UNIQUE,
  -- ["invoices:write", "customers:read"]
  scopes jsonb NOT NULL,
  -- Requests per minute and per portal process.
  rate_limit integer NOT NULL DEFAULT 600 CHECK (rate_limit BETWEEN 1 AND 1000000),
  created_by varchar(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  last_used_ip varchar(64),
  revoked_at timestamptz,
  revoked_by varchar(64)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at DESC);

-- Where the provider wants to hear about events. The secret signs every delivery, so it must be
-- readable: it is sealed with a key derived from the host secret, not hashed.
CREATE TABLE api_webhook_endpoints (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  url varchar(2000) NOT NULL,
  description varchar(255),
  events jsonb NOT NULL,
  secret_sealed varchar(255) NOT NULL,
  created_by varchar(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Disabled rather than deleted: its deliveries stay visible.
  disabled_at timestamptz
);
CREATE INDEX api_webhook_endpoints_tenant ON api_webhook_endpoints (tenant_id) WHERE disabled_at IS NULL;

-- One row per event and endpoint, written in the transaction of the change it reports. A relay
-- hands committed rows to the pg-boss queue under `job_id`, so a row becomes exactly one job.
CREATE TABLE api_webhook_deliveries (
  id bigserial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  endpoint_id integer NOT NULL REFERENCES api_webhook_endpoints (id),
  event varchar(64) NOT NULL,
  -- Shared by the deliveries of one event to several endpoints; receivers deduplicate on it.
  event_id uuid NOT NULL,
  payload jsonb NOT NULL,
  status varchar(12) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  job_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  queued_at timestamptz,
  last_attempt_at timestamptz,
  last_status integer,
  last_error varchar(500),
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_webhook_deliveries_unqueued ON api_webhook_deliveries (id) WHERE queued_at IS NULL;
CREATE INDEX api_webhook_deliveries_tenant ON api_webhook_deliveries (tenant_id, created_at DESC, id DESC);
CREATE INDEX api_webhook_deliveries_endpoint ON api_webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE api_webhook_attempts (
  id bigserial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  delivery_id bigint NOT NULL REFERENCES api_webhook_deliveries (id),
  attempt integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  status_code integer,
  error varchar(500),
  duration_ms integer NOT NULL
);
CREATE INDEX api_webhook_attempts_delivery ON api_webhook_attempts (delivery_id, attempt);
