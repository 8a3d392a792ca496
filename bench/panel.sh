#!/usr/bin/env bash
# Suggesting a Peer Assist's panel of eight on a synthetic region-sized group (100,000 members,
# 300,000 offers in 50 areas), in SQLite and in a throwaway PostgreSQL: p50 and p99 of the use
# case for one, two and six areas wanted, beside the core's choice alone over as many
# candidates. Sizes can be changed through the environment (see bench/src/panel.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p collaborate-bench --bin panel-bench
work=$(mktemp -d)
chmod 755 "$work"
trap '.ci/postgres stop "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== SQLite"
DATABASE_URL="sqlite://$work/bench.db?mode=rwc" target/release/panel-bench

echo "== PostgreSQL"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=$(.ci/postgres start "$work/pg" "$port")
DATABASE_URL="$server" target/release/panel-bench
