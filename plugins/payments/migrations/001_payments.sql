-- One checkout: what a customer set out to pay through one gateway, and how far it got.
-- `reference` is ours, sent to the gateway and checked on every notification; statuses only move
-- forward (see domain/statuses.ts), under a row lock, so an approval takes effect once.
CREATE TABLE payments_payments (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  reference varchar(32) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  gateway varchar(32) NOT NULL,
  kind varchar(16) NOT NULL CHECK (kind IN ('invoices', 'advance')),
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL DEFAULT 'ARS',
  description varchar(255) NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'pending', 'rejected', 'cancelled', 'approved', 'refunded', 'charged_back')),
  status_detail varchar(64),
  checkout_id varchar(128),
  gateway_payment_id varchar(128),
  paid_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_payments_reference UNIQUE (tenant_id, reference)
);
CREATE INDEX payments_payments_account ON payments_payments (tenant_id, account_id, created_at DESC);
-- What the reconcile job walks: checkouts still waiting for the gateway.
CREATE INDEX payments_payments_open ON payments_payments (tenant_id, created_at) WHERE status IN ('created', 'pending');
CREATE INDEX payments_payments_paid ON payments_payments (tenant_id, paid_at) WHERE status = 'approved';

-- The invoices a checkout pays, with the balance each had when the customer chose it. The ids are
-- the invoices plugin's; it is asked about them through its service, never joined here.
CREATE TABLE payments_payment_invoices (
  payment_id integer NOT NULL REFERENCES payments_payments (id) ON DELETE CASCADE,
  tenant_id varchar(64) NOT NULL,
  invoice_id integer NOT NULL,
  invoice_external_id varchar(64) NOT NULL,
  -- How the document is named in any language: its kind (`invoice`, `debit_note`) and `B 00008-00068421`.
  kind varchar(16) NOT NULL,
  label varchar(64) NOT NULL,
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  PRIMARY KEY (payment_id, invoice_id)
);

-- Every gateway event that reached us, once: the UNIQUE key is inserted in the same transaction
-- as the change the event causes, so a replay (or a hundred at once) finds it and does nothing.
CREATE TABLE payments_events (
  id bigserial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  gateway varchar(32) NOT NULL,
  event_key varchar(200) NOT NULL,
  source varchar(16) NOT NULL CHECK (source IN ('webhook', 'return', 'reconcile', 'sandbox')),
  payment_id integer REFERENCES payments_payments (id) ON DELETE SET NULL,
  outcome varchar(16) NOT NULL CHECK (outcome IN ('received', 'applied', 'unchanged', 'mismatch', 'unknown')),
  status varchar(16),
  detail varchar(255),
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_events_key UNIQUE (gateway, tenant_id, event_key)
);
CREATE INDEX payments_events_payment ON payments_events (payment_id) WHERE payment_id IS NOT NULL;

-- The sandbox gateway's side of a payment, as a real gateway keeps its own.
CREATE TABLE payments_sandbox_charges (
  token varchar(32) PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  reference varchar(32) NOT NULL,
  amount numeric(14,2) NOT NULL,
  currency char(3) NOT NULL,
  description varchar(255) NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'rejected', 'pending')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_sandbox_charges_reference ON payments_sandbox_charges (tenant_id, reference);

-- A payment made elsewhere (transfer, bank counter) that the customer tells us about, with the
-- receipt kept by core's upload store; staff accept it (it becomes a payment on the statement) or
-- reject it with a reason.
CREATE TABLE payments_reports (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  paid_on date NOT NULL,
  method varchar(32) NOT NULL,
  collector varchar(64),
  reference varchar(64),
  invoice_id integer,
  invoice_external_id varchar(64),
  invoice_kind varchar(16),
  invoice_label varchar(64),
  receipt_key varchar(255) NOT NULL,
  receipt_type varchar(64) NOT NULL,
  status varchar(16) NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'accepted', 'rejected')),
  reject_reason varchar(500),
  reviewed_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
);
CREATE INDEX payments_reports_account ON payments_reports (tenant_id, account_id, created_at DESC);
CREATE INDEX payments_reports_queue ON payments_reports (tenant_id, created_at) WHERE status = 'reported';

-- A payment agreement ("plan de pagos"): requested by the customer within the tenant's rules, then
-- approved (instalments created) or rejected by staff.
CREATE TABLE payments_agreements (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  customer_id integer REFERENCES customers (id) ON DELETE SET NULL,
  external_id varchar(64),
  status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'completed', 'cancelled')),
  debt numeric(14,2) NOT NULL CHECK (debt > 0),
  down_payment numeric(14,2) NOT NULL CHECK (down_payment >= 0),
  instalments smallint NOT NULL CHECK (instalments BETWEEN 1 AND 60),
  instalment_amount numeric(14,2) NOT NULL CHECK (instalment_amount > 0),
  note varchar(500),
  reject_reason varchar(500),
  reviewed_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_agreements_external UNIQUE (tenant_id, external_id),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL)
);
CREATE INDEX payments_agreements_account ON payments_agreements (tenant_id, account_id, created_at DESC);
-- One request under review per account at a time.
CREATE UNIQUE INDEX payments_agreements_one_pending ON payments_agreements (tenant_id, account_id) WHERE status = 'pending';

-- Number 0 is the down payment, when there is one.
CREATE TABLE payments_agreement_instalments (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  agreement_id integer NOT NULL REFERENCES payments_agreements (id) ON DELETE CASCADE,
  number smallint NOT NULL CHECK (number BETWEEN 0 AND 60),
  due_date date NOT NULL,
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  paid_on date,
  CONSTRAINT payments_agreement_instalments_number UNIQUE (agreement_id, number)
);
