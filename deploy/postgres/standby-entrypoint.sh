#!/bin/bash
# The standby's first start copies the primary with pg_basebackup; -R writes standby.signal and
# primary_conninfo, so the official entrypoint then starts PostgreSQL as a streaming hot standby
# (it sees PG_VERSION and skips initdb). Later starts resume streaming from where they were.
# PGPASSWORD (compose.yaml) serves pg_basebackup and, inherited, the standby's WAL receiver.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup --host=db --username=replicator \
      --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf --checkpoint=fast; do
    echo "waiting for the primary to accept replication connections"
    rm -rf "${PGDATA:?}"/*
    sleep 2
  done
fi
exec docker-entrypoint.sh "$@"
