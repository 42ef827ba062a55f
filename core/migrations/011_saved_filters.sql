-- An operator's own named views of a queue ("my unanswered billing tickets"): the queue's query
-- string under a name, per operator and queue. Nobody else sees them.
CREATE TABLE staff_saved_filters (
  id serial PRIMARY KEY,
  tenant_id varchar(64) NOT NULL,
  staff_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  queue varchar(64) NOT NULL,
  name varchar(60) NOT NULL,
  query varchar(1000) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, staff_id, queue, name)
);
