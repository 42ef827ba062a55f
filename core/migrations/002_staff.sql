-- The provider's operators. Separate from customers: another login page, another cookie, other
-- sessions, and a role that decides which back-office screens and actions they reach.
CREATE TABLE staff_users (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  email varchar(255) NOT NULL,
  name varchar(255) NOT NULL,
  role varchar(16) NOT NULL CHECK (role IN ('administrator', 'billing', 'support', 'field')),
  password_hash varchar(255) NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  -- AES-256-GCM with a key derived from the host session secret: a copy of the table alone does
  -- not yield the codes.
  totp_secret varchar(255),
  totp_enabled_at timestamptz,
  -- Administrators always need TOTP; this forces it for anyone else (first login, after a reset).
  totp_required boolean NOT NULL DEFAULT false,
  -- Last accepted time step: each code works once (RFC 6238 section 5.2).
  totp_last_step bigint,
  locked_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_tenant_email ON staff_users (tenant_id, lower(email));

-- Own table rather than a kind column on sessions: the owner is a foreign key to staff_users (a
-- deleted operator takes their sessions along), the row records how far the login got, and the
-- customer queries ("where am I signed in", end my sessions) can never match an operator's row.
CREATE TABLE staff_sessions (
  id_hash char(64) PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  staff_user_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  -- 'totp': password checked, code pending; 'enrol': must set up TOTP first; 'full': signed in.
  stage varchar(8) NOT NULL CHECK (stage IN ('totp', 'enrol', 'full')),
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip varchar(64),
  user_agent varchar(255)
);
CREATE INDEX staff_sessions_user ON staff_sessions (staff_user_id);
CREATE INDEX staff_sessions_expires ON staff_sessions (expires_at);

-- The audit trail is evidence: once written, no one (the portal included) changes or removes a
-- row. Retention, if ever needed, is a deliberate operation by the database owner.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The audit viewer filters by actor and by outcome within a tenant, newest first.
CREATE INDEX audit_log_actor ON audit_log (tenant_id, actor_type, actor_id, at DESC);
