-- When the provider first answered: the first-answer promise is kept or broken at that moment.
ALTER TABLE tickets ADD COLUMN first_answered_at timestamptz;
UPDATE tickets t SET first_answered_at = m.first_at
FROM (SELECT tenant_id, ticket_id, min(created_at) AS first_at FROM tickets_messages WHERE kind = 'staff' GROUP BY tenant_id, ticket_id) m
WHERE m.tenant_id = t.tenant_id AND m.ticket_id = t.id;

-- A warning mailed before a promise ran out: one row per ticket and promise, so the job that
-- runs every few minutes mails each warning once, whichever process runs it.
CREATE TABLE tickets_sla_warnings (
  tenant_id varchar(64) NOT NULL,
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind varchar(16) NOT NULL CHECK (kind IN ('first-answer', 'resolution')),
  due_at timestamptz NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, ticket_id, kind)
);
