-- Fiscal documents (invoices, debit and credit notes) the provider issued to an account.
-- Amounts are what the document says; the balance is total - paid_amount - credited_amount,
-- both kept up to date by the invoice service whenever a payment or credit note changes.
CREATE TABLE invoices (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  external_id varchar(64) NOT NULL,
  content_hash char(64) NOT NULL,
  type_code smallint NOT NULL,
  point_of_sale integer NOT NULL CHECK (point_of_sale BETWEEN 1 AND 99999),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 99999999),
  issue_date date NOT NULL,
  period char(7) NOT NULL CHECK (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  service_from date,
  service_to date,
  due_date date NOT NULL,
  second_due_date date,
  second_due_total numeric(14,2),
  currency char(3) NOT NULL DEFAULT 'ARS',
  exchange_rate numeric(14,6) NOT NULL DEFAULT 1,
  net_amount numeric(14,2) NOT NULL DEFAULT 0,
  exempt_amount numeric(14,2) NOT NULL DEFAULT 0,
  vat_amount numeric(14,2) NOT NULL DEFAULT 0,
  other_taxes numeric(14,2) NOT NULL DEFAULT 0,
  total numeric(14,2) NOT NULL CHECK (total >= 0),
  paid_amount numeric(14,2) NOT NULL DEFAULT 0,
  credited_amount numeric(14,2) NOT NULL DEFAULT 0,
  cancelled boolean NOT NULL DEFAULT false,
  related_invoice_id integer REFERENCES invoices (id) ON DELETE SET NULL,
  authorization_type char(1) NOT NULL DEFAULT 'E' CHECK (authorization_type IN ('E', 'A')),
  authorization_code char(14),
  authorization_due_date date,
  service_type varchar(64),
  product varchar(255),
  recipient_name varchar(255) NOT NULL,
  recipient_doc_type smallint,
  recipient_doc_number varchar(20),
  recipient_vat_condition varchar(64),
  recipient_address varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoices_external UNIQUE (tenant_id, external_id),
  -- One voucher number per issuer, type and point of sale: AFIP would have refused a second one.
  CONSTRAINT invoices_fiscal_number UNIQUE (tenant_id, type_code, point_of_sale, number)
);
-- The invoice list: an account's latest periods, newest first.
CREATE INDEX invoices_account_period ON invoices (tenant_id, account_id, period DESC, issue_date DESC, id DESC);
CREATE INDEX invoices_related ON invoices (related_invoice_id) WHERE related_invoice_id IS NOT NULL;

-- Replaced as a whole whenever the provider sends the invoice again.
CREATE TABLE invoice_lines (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  invoice_id integer NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  line_no smallint NOT NULL,
  description varchar(255) NOT NULL,
  quantity numeric(12,3) NOT NULL DEFAULT 1,
  unit_price numeric(14,2) NOT NULL,
  vat_rate numeric(5,2),
  amount numeric(14,2) NOT NULL,
  CONSTRAINT invoice_lines_no UNIQUE (invoice_id, line_no)
);

CREATE TABLE invoice_payments (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  invoice_id integer REFERENCES invoices (id) ON DELETE SET NULL,
  external_id varchar(64) NOT NULL,
  content_hash char(64) NOT NULL,
  paid_on date NOT NULL,
  amount numeric(14,2) NOT NULL CHECK (amount > 0),
  method varchar(32) NOT NULL,
  collector varchar(64),
  reference varchar(64),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT invoice_payments_external UNIQUE (tenant_id, external_id)
);
-- "Paid on … at …" next to each invoice: its latest payment.
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, paid_on DESC, id DESC) WHERE invoice_id IS NOT NULL;
CREATE INDEX invoice_payments_account ON invoice_payments (tenant_id, account_id, paid_on DESC);

-- The current account ("cuenta corriente"): positive amounts are charges, negative ones credits.
-- Invoices and payments bring their own movement (one each); other movements come with the
-- provider's id. NULLs are distinct in UNIQUE, so each column only constrains its own kind.
CREATE TABLE account_movements (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  external_id varchar(64),
  content_hash char(64) NOT NULL,
  kind varchar(16) NOT NULL CHECK (kind IN ('invoice', 'debit_note', 'credit_note', 'payment', 'adjustment')),
  movement_date date NOT NULL,
  description varchar(255),
  amount numeric(14,2) NOT NULL,
  invoice_id integer REFERENCES invoices (id) ON DELETE CASCADE,
  payment_id integer REFERENCES invoice_payments (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT account_movements_external UNIQUE (tenant_id, external_id),
  CONSTRAINT account_movements_invoice UNIQUE (invoice_id),
  CONSTRAINT account_movements_payment UNIQUE (payment_id)
);
-- The statement: running balance in date order, read either way.
CREATE INDEX account_movements_account_date ON account_movements (tenant_id, account_id, movement_date, id);

-- The customer's choice per account: electronic invoice by email, or paper.
CREATE TABLE invoice_delivery (
  account_id integer PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  tenant_id varchar(64) NOT NULL,
  channel varchar(8) NOT NULL CHECK (channel IN ('email', 'paper')),
  changed_by integer REFERENCES customers (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_delivery_tenant ON invoice_delivery (tenant_id, channel);

-- The provider's own PDF of an invoice, served as is instead of a generated one.
CREATE TABLE invoice_files (
  invoice_id integer PRIMARY KEY REFERENCES invoices (id) ON DELETE CASCADE,
  tenant_id varchar(64) NOT NULL,
  filename varchar(255) NOT NULL,
  sha256 char(64) NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoice_files_tenant ON invoice_files (tenant_id);
