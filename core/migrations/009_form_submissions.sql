-- A customer's form sent again (a double click, a reload after a lost answer, a node that died
-- before answering) must not create a second ticket, report or request. Each creating form carries
-- a one-time token; the first post that creates something records it here in the same transaction,
-- with where it answered. The primary key decides between two posts sent at once: the second
-- waits on the first's uncommitted row and then finds its answer.
CREATE TABLE form_submissions (
  tenant_id varchar(64) NOT NULL,
  token varchar(64) NOT NULL,
  customer_id integer NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  form varchar(64) NOT NULL,
  -- Where the first post sent the customer; null until the creating transaction records it.
  answer varchar(1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, token)
);
-- Maintenance drops old tokens by age.
CREATE INDEX form_submissions_created ON form_submissions (created_at);
