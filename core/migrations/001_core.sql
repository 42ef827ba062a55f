CREATE TABLE customers (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  email varchar(255),
  name varchar(255) NOT NULL,
  phone varchar(64),
  mobile varchar(64),
  address varchar(255),
  locale varchar(8),
  password_hash varchar(255),
  must_change_password boolean NOT NULL DEFAULT false,
  email_verified_at timestamptz,
  locked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_tenant_email ON customers (tenant_id, lower(email));

CREATE TABLE accounts (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  number varchar(64) NOT NULL,
  holder_name varchar(255) NOT NULL,
  document_type varchar(8) NOT NULL,
  document_number varchar(32) NOT NULL,
  email varchar(255),
  brand_id varchar(64),
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, number)
);
CREATE INDEX accounts_customer ON accounts (customer_id);

CREATE TABLE account_services (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  external_id varchar(64),
  kind varchar(32) NOT NULL,
  plan varchar(255) NOT NULL,
  address varchar(255),
  status varchar(16) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_services_account ON account_services (account_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type varchar(16) NOT NULL,
  actor_id varchar(64),
  action varchar(64) NOT NULL,
  subject varchar(255),
  outcome varchar(16) NOT NULL,
  ip varchar(64),
  user_agent varchar(255),
  details jsonb
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_subject ON audit_log (tenant_id, action, subject, at DESC);

-- Server-side sessions: the cookie carries a random id, the row holds only its SHA-256.
CREATE TABLE sessions (
  id_hash char(64) PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  customer_id integer REFERENCES customers (id) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip varchar(64),
  user_agent varchar(255)
);
CREATE INDEX sessions_customer ON sessions (customer_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Single-use tokens (password reset, email verification), stored hashed.
CREATE TABLE auth_tokens (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  kind varchar(16) NOT NULL,
  token_hash char(64) NOT NULL UNIQUE,
  customer_id integer REFERENCES customers (id) ON DELETE CASCADE,
  account_id integer REFERENCES accounts (id) ON DELETE CASCADE,
  email varchar(255),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Durable mail outbox: written in the same transaction as the change it reports.
CREATE TABLE mail_outbox (
  id bigserial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  to_address varchar(255) NOT NULL,
  subject varchar(255) NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  attachments jsonb NOT NULL DEFAULT '[]',
  status varchar(16) NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  message_id varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';

-- One row per scheduled slot: the unique key makes a slot run once across portal processes.
CREATE TABLE job_runs (
  job varchar(128) NOT NULL,
  tenant_id varchar(64) NOT NULL,
  slot timestamptz NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status varchar(16) NOT NULL DEFAULT 'running',
  error text,
  PRIMARY KEY (job, tenant_id, slot)
);
