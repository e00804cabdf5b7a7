#!/usr/bin/env bash
# Run the store and web page tests against PostgreSQL: a throwaway server on loopback, started
# here and removed afterwards. Needs Debian's postgresql package (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql); .ci/run installs it" >&2
  exit 1
fi
# a free port on loopback unless one is given
port=${SCORECARD_TEST_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
work=$(mktemp -d /tmp/scorecard-pg.XXXXXX)
as_postgres=()
if [ "$(id -u)" = "0" ]; then
  chown postgres: "$work"
  as_postgres=(runuser -u postgres --)
fi
stop() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
"${as_postgres[@]}" "$bin/initdb" -D "$work/data" -A trust -U scorecard --no-instructions >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work" start >/dev/null
export SCORECARD_DATABASE_URL="postgres://scorecard@127.0.0.1:$port/postgres"
.venv/bin/python -m pytest -q -p no:randomly -n "${WORKERS:-auto}" --maxprocesses=4 \
  tests/integration/test_store.py tests/integration/web
