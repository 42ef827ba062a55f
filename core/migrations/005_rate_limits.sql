-- Rate-limit counters shared by every portal process: a limit of 20 logins a minute must mean 20
-- for the whole install, not 20 per process behind the load balancer. One row per limited key
-- (an address on a route, an API key) and window; expired rows are swept as keys come back.
CREATE TABLE rate_limit_counters (
  key varchar(400) PRIMARY KEY,
  hits integer NOT NULL,
  window_ends timestamptz NOT NULL
);
CREATE INDEX rate_limit_counters_expired ON rate_limit_counters (window_ends);
