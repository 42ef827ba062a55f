-- A customer's request about an account or one of its services, of a type some plugin declared.
CREATE TABLE service_requests (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  type varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  service_id integer REFERENCES account_services (id) ON DELETE SET NULL,
  -- Who filed it; their login may later lose the account (an ownership change) and still sees it.
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  status varchar(16) NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'in_review', 'needs_info', 'approved', 'rejected')),
  -- The form as validated against the type's schema when it was sent.
  data jsonb NOT NULL DEFAULT '{}',
  -- A request that came from elsewhere (the provider's CRM, the demo seed) keeps its key there.
  external_id varchar(64),
  decision_note text,
  decided_at timestamptz,
  decided_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, external_id)
);
CREATE INDEX service_requests_customer ON service_requests (tenant_id, customer_id, created_at DESC);
CREATE INDEX service_requests_queue ON service_requests (tenant_id, status, created_at);
CREATE INDEX service_requests_account ON service_requests (tenant_id, account_id);
-- One open request of a type per account or service: a double click or a second tab cannot file
-- two ownership changes that staff would then have to reconcile.
CREATE UNIQUE INDEX service_requests_one_open
  ON service_requests (tenant_id, type, account_id, COALESCE(service_id, 0))
  WHERE status IN ('submitted', 'in_review', 'needs_info');

-- The request's history as the customer and staff see it: each state change, question and reply.
CREATE TABLE service_request_events (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  request_id integer NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type varchar(16) NOT NULL CHECK (actor_type IN ('customer', 'staff', 'system')),
  actor_id integer,
  kind varchar(24) NOT NULL
    CHECK (kind IN ('submitted', 'review-started', 'info-requested', 'customer-replied', 'approved', 'rejected')),
  -- The request's status right after this event.
  status varchar(16) NOT NULL,
  message text
);
CREATE INDEX service_request_events_request ON service_request_events (tenant_id, request_id, at);

-- Files sent with a request or a reply, stored by core's upload store under generated names.
CREATE TABLE service_request_documents (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  request_id integer NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
  event_id integer REFERENCES service_request_events (id) ON DELETE SET NULL,
  -- The type's document requirement it fulfils, or 'reply' for one added when asked for more.
  slot varchar(64) NOT NULL,
  file_key varchar(128) NOT NULL,
  -- The customer's file name, cleaned; only ever shown, never used as a path.
  filename varchar(255) NOT NULL,
  mime varchar(64) NOT NULL,
  size integer NOT NULL,
  sha256 char(64) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, file_key)
);
CREATE INDEX service_request_documents_request ON service_request_documents (tenant_id, request_id);
