#!/usr/bin/env bash
# Search latency on a synthetic region-sized group (100,000 members, 300,000 offers, 200,000
# needs in 50 areas), in SQLite and in a throwaway PostgreSQL. Prints p50 and p99 over 1,000
# searches for a random area near a random place, and the time to load the data.
# Sizes can be changed through the environment (see bench/src/search.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p collaborate-bench --bin search-bench
work=$(mktemp -d)
chmod 755 "$work"
trap '.ci/postgres stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite"
DATABASE_URL="sqlite://$work/bench.db?mode=rwc" target/release/search-bench

echo "== PostgreSQL"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(.ci/postgres start "$work/pg" "$port")
DATABASE_URL="$server" target/release/search-bench
