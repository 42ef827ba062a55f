-- The last ticket number given in each tenant. Taking a number is an upsert that increments this
-- row, so concurrent openings queue on its lock and each gets the next number, without gaps from
-- rolled-back sequences and without two tickets sharing one.
CREATE TABLE tickets_counters (
  tenant_id varchar(64) PRIMARY KEY,
  last_number integer NOT NULL CHECK (last_number > 0)
);

CREATE TABLE tickets (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  number integer NOT NULL,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  account_id integer REFERENCES accounts (id) ON DELETE SET NULL,
  service_id integer REFERENCES account_services (id) ON DELETE SET NULL,
  category varchar(48) NOT NULL,
  subject varchar(150) NOT NULL,
  -- open: waiting for the provider; answered: waiting for the customer; closed.
  status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
  assigned_to integer REFERENCES staff_users (id) ON DELETE SET NULL,
  -- Last message or status change the customer can see: internal notes do not move it.
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  -- When the provider's last reply left the ticket waiting for the customer; auto-close counts from it.
  answered_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, number),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (status <> 'answered' OR answered_at IS NOT NULL)
);
CREATE INDEX tickets_customer ON tickets (tenant_id, customer_id, last_activity_at DESC);
CREATE INDEX tickets_queue ON tickets (tenant_id, status, last_activity_at);
CREATE INDEX tickets_waiting_for_customer ON tickets (tenant_id, answered_at) WHERE status = 'answered';

-- The thread. `note` is the provider's internal note: never shown or mailed to the customer.
CREATE TABLE tickets_messages (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('customer', 'staff', 'note')),
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  staff_id integer REFERENCES staff_users (id) ON DELETE SET NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_messages_ticket ON tickets_messages (tenant_id, ticket_id, id);

-- Files sent with a message, kept by core's upload store under a generated key.
CREATE TABLE tickets_attachments (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  message_id integer NOT NULL REFERENCES tickets_messages (id) ON DELETE CASCADE,
  file_key varchar(128) NOT NULL,
  filename varchar(255) NOT NULL,
  mime varchar(64) NOT NULL,
  size integer NOT NULL CHECK (size > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, file_key)
);
CREATE INDEX tickets_attachments_message ON tickets_attachments (tenant_id, message_id);

-- What happened to a ticket besides its messages: every status change (with who made it) and
-- every assignment. Operators read it on the ticket; customers see its closings and reopenings.
CREATE TABLE tickets_events (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('status', 'assigned')),
  from_status varchar(16),
  to_status varchar(16),
  assigned_to integer REFERENCES staff_users (id) ON DELETE SET NULL,
  actor_type varchar(16) NOT NULL CHECK (actor_type IN ('customer', 'staff', 'system')),
  actor_id integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'status' OR to_status IS NOT NULL)
);
CREATE INDEX tickets_events_ticket ON tickets_events (tenant_id, ticket_id, id);
