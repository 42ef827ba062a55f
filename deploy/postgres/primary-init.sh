#!/bin/bash
# Runs once, when the official postgres image creates the primary's data folder: a role the
# standby replicates with, allowed to connect for replication from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pass="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'pass';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
