-- Tables are prefixed with the plugin's name; every row a tenant owns has tenant_id.

-- A notice of an outage or of planned work in one of the areas the tenant's settings list.
CREATE TABLE outage_notices (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  area varchar(64) NOT NULL,
  title varchar(120) NOT NULL,
  message varchar(1000) NOT NULL DEFAULT '',
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  expired boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX outage_notices_current ON outage_notices (tenant_id, area, ends_at) WHERE NOT expired;

-- The area a customer chose, with the language and brand they chose it in: the notice mail
-- is written in that language and under that brand, since nobody is on a page when it is sent.
CREATE TABLE outage_notices_customer_areas (
  tenant_id varchar(64) NOT NULL,
  customer_id integer NOT NULL,
  area varchar(64) NOT NULL,
  locale varchar(8) NOT NULL,
  brand_id varchar(64) NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX outage_notices_customer_areas_area ON outage_notices_customer_areas (tenant_id, area);
