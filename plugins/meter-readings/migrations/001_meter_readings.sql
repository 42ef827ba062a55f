-- Meters the provider loads, identified by the provider's own id so repeated loads update in place.
CREATE TABLE meter_readings_meters (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  external_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  service_id integer REFERENCES account_services (id) ON DELETE SET NULL,
  number varchar(64) NOT NULL,
  kind varchar(16) NOT NULL CHECK (kind IN ('water', 'electricity', 'gas')),
  -- Null: the unit the tenant settings give for the kind.
  unit varchar(16),
  digits integer NOT NULL CHECK (digits BETWEEN 1 AND 12),
  -- Register codes, e.g. ["total"] or ["peak", "offpeak"]; each has its own reading.
  registers jsonb NOT NULL DEFAULT '["total"]',
  route varchar(64),
  address varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX meter_readings_meters_account ON meter_readings_meters (tenant_id, account_id);

-- Scheduled reading dates, for a whole reading route or for one meter.
CREATE TABLE meter_readings_schedule (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  route varchar(64),
  meter_id integer REFERENCES meter_readings_meters (id) ON DELETE CASCADE,
  reading_date date NOT NULL,
  CHECK ((route IS NULL) <> (meter_id IS NULL))
);
CREATE UNIQUE INDEX meter_readings_schedule_route ON meter_readings_schedule (tenant_id, route, reading_date) WHERE route IS NOT NULL;
CREATE UNIQUE INDEX meter_readings_schedule_meter ON meter_readings_schedule (tenant_id, meter_id, reading_date) WHERE meter_id IS NOT NULL;

CREATE TABLE meter_readings_readings (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  meter_id integer NOT NULL REFERENCES meter_readings_meters (id) ON DELETE CASCADE,
  register varchar(16) NOT NULL DEFAULT 'total',
  external_id varchar(64),
  read_on date NOT NULL,
  value bigint NOT NULL CHECK (value >= 0),
  source varchar(16) NOT NULL CHECK (source IN ('company', 'customer', 'estimated', 'telemetry')),
  -- An estimated reading corrected by a real one stays, pointing at its replacement.
  replaced_by integer REFERENCES meter_readings_readings (id) ON DELETE SET NULL,
  window_key varchar(32),
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  confirmed_implausible boolean NOT NULL DEFAULT false,
  photo_path varchar(255),
  photo_type varchar(64),
  submitted_at timestamptz,
  billed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id),
  CHECK (source <> 'customer' OR window_key IS NOT NULL)
);
CREATE INDEX meter_readings_readings_meter ON meter_readings_readings (tenant_id, meter_id, read_on);
-- One customer reading per meter register and window: a resubmission updates this row.
CREATE UNIQUE INDEX meter_readings_readings_submission
  ON meter_readings_readings (tenant_id, meter_id, register, window_key) WHERE source = 'customer';

-- Customers who asked for an email when the reading window of an account's meters opens.
CREATE TABLE meter_readings_reminders (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, customer_id, account_id)
);

-- One row per reminder sent: the unique key keeps it to one email per customer and window.
CREATE TABLE meter_readings_notices (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  window_key varchar(32) NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, customer_id, window_key)
);

-- A photo sent with a reading that still needs the customer's "yes, this is right": bound to that
-- customer, claimed by the confirmation, removed by the daily purge otherwise.
CREATE TABLE meter_readings_held_photos (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  file_key varchar(128) NOT NULL,
  mime varchar(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, file_key)
);
