#!/usr/bin/env bash
# Every report on the synthetic region of bench/search.sh with a year of requests in every status,
# in SQLite and in a throwaway PostgreSQL: p50 and max over RUNS runs of each report, over all
# time, the last quarter and one school, through the real use case. Target: under 200 ms each.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p collaborate-bench --bin reports-bench
work=$(mktemp -d)
chmod 755 "$work"
trap '.ci/postgres stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite"
DATABASE_URL="sqlite://$work/bench.db?mode=rwc" target/release/reports-bench

echo "== PostgreSQL"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(.ci/postgres start "$work/pg" "$port")
DATABASE_URL="$server" target/release/reports-bench
