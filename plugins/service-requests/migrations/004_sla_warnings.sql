-- A warning mailed before a request's promised time ran out: one row per request and promise, so
-- the job that runs every few minutes mails each warning once, whichever process runs it.
CREATE TABLE service_requests_sla_warnings (
  tenant_id varchar(64) NOT NULL,
  request_id integer NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('first-answer', 'resolution')),
  due_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, request_id, kind)
);
