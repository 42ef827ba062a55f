-- Which tenant served each hostname last. When two tenant files claim one hostname, the tenant
-- recorded here keeps it and the other file is refused, so a new file can never take a live
-- hostname, whatever the files are called (see core/tenants/hostname-claims.ts).
CREATE TABLE tenant_hostnames (
  hostname varchar(253) PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  served_since timestamptz NOT NULL DEFAULT now()
);
