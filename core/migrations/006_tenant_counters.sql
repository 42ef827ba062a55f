-- The last number given in each tenant's numbered series (tickets, service requests…). Taking a
-- number is an upsert that increments the row inside the caller's transaction, so concurrent
-- callers queue on its lock and each gets the next number, without the gaps of rolled-back
-- sequences and without two records sharing one.
CREATE TABLE tenant_counters (
  tenant_id varchar(64) NOT NULL,
  series varchar(64) NOT NULL,
  last_number integer NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (tenant_id, series)
);
